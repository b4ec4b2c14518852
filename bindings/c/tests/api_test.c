/* The C API of libpartnerscore from C: golden parity with the CLI, every error path, outputs only on
 * success, *err only on failure, every _free(NULL). Run under valgrind by bindings/c/run-tests.sh.
 *
 * Usage: api_test REPO_ROOT */
#include <stdint.h>

#include "partnerscore.h"
#include "test_util.h"

/* Values the library must not overwrite: pointers never dereferenced, only compared. */
static char sentinel_storage[3];
#define ERR_SENTINEL ((ps_error *)(void *)&sentinel_storage[0])
#define CARD_SENTINEL ((ps_scorecard *)(void *)&sentinel_storage[1])
#define JSON_SENTINEL (&sentinel_storage[2])
#define LEN_SENTINEL ((size_t)987654321)

static const char GOOD_CARD[] =
    "{\"name\": \"t\", \"benchmark_by\": \"category\", \"sections\": [{\"name\": \"S\", \"metrics\": ["
    "{\"field\": \"revenue\", \"points\": 10, \"rule\": {\"target\": 100}},"
    "{\"field\": \"certified\", \"points\": 10, \"rule\": \"boolean\"}]}],"
    "\"tiers\": [{\"name\": \"Gold\", \"min_score\": 10}]}";

/* Checks a failed call: its status, the error object's code and message, and frees the object. */
static void expect_error(ps_status got, ps_status want, ps_error *err, const char *needle1, const char *needle2) {
    CHECK(got == want);
    if (got != want) {
        fprintf(stderr, "  status %d, expected %d\n", (int)got, (int)want);
    }
    CHECK(err != NULL && err != ERR_SENTINEL);
    if (err == NULL || err == ERR_SENTINEL) {
        return;
    }
    CHECK(ps_error_code(err) == want);
    const char *message = ps_error_message(err);
    CHECK(message != NULL);
    if (needle1 != NULL) {
        CHECK_CONTAINS(message, needle1);
    }
    if (needle2 != NULL) {
        CHECK_CONTAINS(message, needle2);
    }
    CHECK(strchr(message, '\n') == NULL);
    ps_error_free(err);
}

/* Runs CALL (which may store an error object in the local `err`) and checks it fails with WANT and a
 * message holding N1 and N2 (either may be NULL). */
#define EXPECT_ERROR(CALL, WANT, N1, N2)                                                                 \
    do {                                                                                                 \
        err = ERR_SENTINEL;                                                                              \
        ps_status status_ = (CALL);                                                                      \
        expect_error(status_, (WANT), err, (N1), (N2));                                                  \
    } while (0)

/* Creates a scorecard from a C string that must be valid. */
static ps_scorecard *card_from(const char *json) {
    ps_scorecard *card = NULL;
    ps_error *err = ERR_SENTINEL;
    ps_status s = ps_scorecard_new(json, strlen(json), &card, &err);
    CHECK(s == PS_OK);
    CHECK(err == ERR_SENTINEL);
    CHECK(card != NULL);
    return card;
}

static void test_version(void) {
    const char *v = ps_version();
    CHECK(v != NULL);
    CHECK(v != NULL && strlen(v) >= 5 && v[0] >= '0' && v[0] <= '9' && strchr(v, '.') != NULL);
    CHECK(ps_version() == v);
}

/* The report from both partner files equals the golden file in the CLI's form, byte for byte. */
static void test_golden(const char *root, ps_scorecard *card) {
    size_t golden_len;
    char *golden = golden_cli_json(root, &golden_len);
    const char *files[2] = {"examples/partners.csv", "examples/partners.json"};
    ps_format formats[2] = {PS_FORMAT_CSV, PS_FORMAT_JSON};
    for (int i = 0; i < 2; i++) {
        char *path = join_path(root, files[i]);
        size_t len;
        char *partners = read_file(path, &len);
        /* An exact-size copy, without the NUL read_file adds: the library must stop at len. */
        char *exact = malloc(len);
        CHECK(exact != NULL);
        memcpy(exact, partners, len);
        char *json = JSON_SENTINEL;
        size_t json_len = LEN_SENTINEL;
        ps_error *err = ERR_SENTINEL;
        ps_status s = ps_scorecard_score(card, exact, len, formats[i], &json, &json_len, &err);
        CHECK(s == PS_OK);
        CHECK(err == ERR_SENTINEL);
        if (s == PS_OK) {
            CHECK(json != JSON_SENTINEL && json != NULL);
            CHECK(json_len == strlen(json));
            CHECK(json_len == golden_len && memcmp(json, golden, golden_len) == 0);
            if (json_len != golden_len || memcmp(json, golden, golden_len) != 0) {
                show_difference(files[i], golden, golden_len, json, json_len);
            }
            /* The text is the caller's to change (char *): freeing it does not depend on its contents. */
            json[0] = '\0';
            json[json_len / 2] = '\0';
            ps_string_free(json);
        } else {
            fprintf(stderr, "%s: %s\n", files[i], ps_error_message(err));
            ps_error_free(err);
        }
        free(exact);
        free(partners);
        free(path);
    }
    free(golden);
}

static void test_null_arguments(ps_scorecard *card) {
    const char *p = "id,revenue\nP1,5\n";
    size_t n = strlen(p);
    ps_scorecard *out = CARD_SENTINEL;
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;

    EXPECT_ERROR(ps_scorecard_new(NULL, 10, &out, &err), PS_ERR_NULL_ARGUMENT, "config_json", "NULL");
    EXPECT_ERROR(ps_scorecard_new(GOOD_CARD, strlen(GOOD_CARD), NULL, &err), PS_ERR_NULL_ARGUMENT, "out", "NULL");
    CHECK(out == CARD_SENTINEL);

    EXPECT_ERROR(ps_scorecard_score(NULL, p, n, PS_FORMAT_CSV, &json, &len, &err), PS_ERR_NULL_ARGUMENT,
                 "scorecard", "NULL");
    EXPECT_ERROR(ps_scorecard_score(card, NULL, n, PS_FORMAT_CSV, &json, &len, &err), PS_ERR_NULL_ARGUMENT,
                 "partners", "NULL");
    EXPECT_ERROR(ps_scorecard_score(card, p, n, PS_FORMAT_CSV, NULL, &len, &err), PS_ERR_NULL_ARGUMENT,
                 "out_json", "NULL");
    EXPECT_ERROR(ps_scorecard_score(card, p, n, PS_FORMAT_CSV, &json, NULL, &err), PS_ERR_NULL_ARGUMENT,
                 "out_len", "NULL");
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);

    /* err == NULL: the status alone, no crash, nothing leaked. */
    CHECK(ps_scorecard_new(NULL, 0, NULL, NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(ps_scorecard_score(NULL, NULL, 0, PS_FORMAT_JSON, NULL, NULL, NULL) == PS_ERR_NULL_ARGUMENT);

    /* Reading a NULL error object. */
    CHECK(ps_error_code(NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(ps_error_message(NULL) != NULL);

    /* Every _free accepts NULL. */
    ps_scorecard_free(NULL);
    ps_string_free(NULL);
    ps_error_free(NULL);
}

static void test_invalid_utf8(ps_scorecard *card) {
    ps_scorecard *out = CARD_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    const char bad_card[] = "{\"name\": \"caf\xe9\"}";
    EXPECT_ERROR(ps_scorecard_new(bad_card, strlen(bad_card), &out, &err), PS_ERR_INVALID_UTF8,
                 "config_json: line 1", "UTF-8");
    CHECK(out == CARD_SENTINEL);

    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    const char bad_csv[] = "id,name,revenue\nP1,A,5\nP2,\xc3\x28,6\n";
    EXPECT_ERROR(ps_scorecard_score(card, bad_csv, strlen(bad_csv), PS_FORMAT_CSV, &json, &len, &err),
                 PS_ERR_INVALID_UTF8, "partners: line 3", "UTF-8");
    const char bad_json[] = "[{\"id\": \"P\xff\"}]";
    EXPECT_ERROR(ps_scorecard_score(card, bad_json, strlen(bad_json), PS_FORMAT_JSON, &json, &len, &err),
                 PS_ERR_INVALID_UTF8, "partners: line 1", "UTF-8");
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
    CHECK(ps_scorecard_score(card, bad_json, strlen(bad_json), PS_FORMAT_JSON, &json, &len, NULL) ==
          PS_ERR_INVALID_UTF8);
}

static void test_config_errors(void) {
    ps_scorecard *out = CARD_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    const char zero_target[] = "{\"name\": \"t\", \"sections\": [{\"name\": \"S\", \"metrics\": ["
                               "{\"field\": \"revenue\", \"points\": 10, \"rule\": {\"target\": 0}}]}]}";
    EXPECT_ERROR(ps_scorecard_new(zero_target, strlen(zero_target), &out, &err), PS_ERR_CONFIG,
                 "sections[0].metrics[0].rule.target: ", "> 0");
    const char unknown[] = "{\"name\": \"t\", \"sections\": [{\"name\": \"S\", \"metrics\": ["
                           "{\"field\": \"a\", \"points\": 1, \"rule\": \"boolean\", \"weight\": 2}]}]}";
    EXPECT_ERROR(ps_scorecard_new(unknown, strlen(unknown), &out, &err), PS_ERR_CONFIG, "sections[0].metrics[0]",
                 "unknown field `weight`");
    const char truncated[] = "{\"name\": \"t\", \"sections\": [";
    EXPECT_ERROR(ps_scorecard_new(truncated, strlen(truncated), &out, &err), PS_ERR_CONFIG, "invalid JSON", NULL);
    /* A zero-length buffer is an empty document, not a NULL argument. */
    EXPECT_ERROR(ps_scorecard_new(truncated, 0, &out, &err), PS_ERR_CONFIG, "invalid JSON", NULL);
    CHECK(ps_scorecard_new(zero_target, strlen(zero_target), &out, NULL) == PS_ERR_CONFIG);
    CHECK(out == CARD_SENTINEL);
}

static void test_input_errors(ps_scorecard *card) {
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    const char csv[] = "id,name,category,revenue,certified\nP1,A,MSP,1,true\nP2,B,MSP,abc,true\n";
    EXPECT_ERROR(ps_scorecard_score(card, csv, strlen(csv), PS_FORMAT_CSV, &json, &len, &err), PS_ERR_INPUT,
                 "line 3, column 4 (partner P2, field revenue): ", "not a number");
    const char js[] = "[{\"id\": \"P1\", \"revenue\": 1}, {\"id\": \"P2\", \"certified\": \"maybe\"}]";
    EXPECT_ERROR(ps_scorecard_score(card, js, strlen(js), PS_FORMAT_JSON, &json, &len, &err), PS_ERR_INPUT,
                 "partners[1] (partner P2), field certified", "not a boolean");
    const char dup[] = "id,revenue\nP1,1\nP1,2\n";
    EXPECT_ERROR(ps_scorecard_score(card, dup, strlen(dup), PS_FORMAT_CSV, &json, &len, &err), PS_ERR_INPUT,
                 "line 3", "duplicate partner id");
    /* CSV text given as JSON: the format argument decides, not the content. */
    EXPECT_ERROR(ps_scorecard_score(card, dup, strlen(dup), PS_FORMAT_JSON, &json, &len, &err), PS_ERR_INPUT,
                 "invalid JSON", NULL);
    /* A value that is not a ps_format. */
    EXPECT_ERROR(ps_scorecard_score(card, dup, strlen(dup), (ps_format)7, &json, &len, &err), PS_ERR_INPUT,
                 "format: 7", NULL);
    CHECK(ps_scorecard_score(card, csv, strlen(csv), PS_FORMAT_CSV, &json, &len, NULL) == PS_ERR_INPUT);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
}

/* A NUL byte inside a CSV cell comes back escaped: the JSON is one C string of out_len bytes. */
static void test_nul_in_input(ps_scorecard *card) {
    const char csv[] = "id,name,revenue\nP1,A\0B,50\n";
    char *json = NULL;
    size_t len = 0;
    ps_error *err = ERR_SENTINEL;
    ps_status s = ps_scorecard_score(card, csv, sizeof csv - 1, PS_FORMAT_CSV, &json, &len, &err);
    CHECK(s == PS_OK);
    CHECK(err == ERR_SENTINEL);
    if (s == PS_OK) {
        CHECK(len == strlen(json));
        CHECK_CONTAINS(json, "\"name\":\"A\\u0000B\"");
        ps_string_free(json);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s REPO_ROOT\n", argv[0]);
        return 2;
    }
    const char *root = argv[1];
    test_version();

    char *card_path = join_path(root, "examples/scorecard.json");
    size_t card_len;
    char *card_json = read_file(card_path, &card_len);
    ps_scorecard *card = NULL;
    ps_error *err = ERR_SENTINEL;
    ps_status s = ps_scorecard_new(card_json, card_len, &card, &err);
    CHECK(s == PS_OK);
    CHECK(err == ERR_SENTINEL);
    free(card_json);
    free(card_path);
    if (s != PS_OK) {
        fprintf(stderr, "examples/scorecard.json: %s\n", ps_error_message(err));
        ps_error_free(err);
        return 1;
    }
    test_golden(root, card);
    ps_scorecard_free(card);

    ps_scorecard *small = card_from(GOOD_CARD);
    test_null_arguments(small);
    test_invalid_utf8(small);
    test_config_errors();
    test_input_errors(small);
    test_nul_in_input(small);
    ps_scorecard_free(small);

    if (test_failures > 0) {
        fprintf(stderr, "api_test: %d check(s) failed\n", test_failures);
        return 1;
    }
    printf("api_test: all checks passed (libpartnerscore %s)\n", ps_version());
    return 0;
}
