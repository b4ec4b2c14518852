/* The C API of libpartnerscore from C: golden parity with the CLI, every error path, outputs only on
 * success, *err only on failure, every _free(NULL). Run under valgrind by bindings/c/run-tests.sh.
 *
 * Usage: api_test REPO_ROOT */
#include <stdint.h>

#include "expect.h"

#define CARD_SENTINEL ((ps_scorecard *)OBJECT_SENTINEL)

static const char GOOD_CARD[] =
    "{\"name\": \"t\", \"benchmark_by\": \"category\", \"sections\": [{\"name\": \"S\", \"metrics\": ["
    "{\"field\": \"revenue\", \"points\": 10, \"rule\": {\"target\": 100}},"
    "{\"field\": \"certified\", \"points\": 10, \"rule\": \"boolean\"}]}],"
    "\"tiers\": [{\"name\": \"Gold\", \"min_score\": 10}]}";

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

static ps_status score_report(const void *card, const char *partners, size_t partners_len, ps_format format,
                              char **out_json, size_t *out_len, ps_error **err) {
    return ps_scorecard_score(card, partners, partners_len, format, out_json, out_len, err);
}

static void test_null_arguments(void) {
    ps_scorecard *out = CARD_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    EXPECT_ERROR(ps_scorecard_new(NULL, 10, &out, &err), PS_ERR_NULL_ARGUMENT, "config_json", "NULL");
    EXPECT_ERROR(ps_scorecard_new(GOOD_CARD, strlen(GOOD_CARD), NULL, &err), PS_ERR_NULL_ARGUMENT, "out", "NULL");
    CHECK(ps_scorecard_new(NULL, 0, NULL, NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(out == CARD_SENTINEL);

    /* Reading a NULL error object. */
    CHECK(ps_error_code(NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(ps_error_message(NULL) != NULL);

    /* Every _free accepts NULL. */
    ps_scorecard_free(NULL);
    ps_string_free(NULL);
    ps_error_free(NULL);
}

static void test_invalid_utf8_config(void) {
    ps_scorecard *out = CARD_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    const char bad_card[] = "{\"name\": \"caf\xe9\"}";
    EXPECT_ERROR(ps_scorecard_new(bad_card, strlen(bad_card), &out, &err), PS_ERR_INVALID_UTF8,
                 "config_json: line 1", "UTF-8");
    CHECK(out == CARD_SENTINEL);
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
    /* The report from both partner files equals the golden file in the CLI's form, byte for byte. */
    expect_golden_reports(root, card, score_report, "scorecard_sample.json");
    ps_scorecard_free(card);

    ps_scorecard *small = card_from(GOOD_CARD);
    test_null_arguments();
    test_invalid_utf8_config();
    /* NULL for each pointer, partners not UTF-8, a bad format: outputs untouched. */
    expect_report_argument_errors(small, score_report, "scorecard: NULL");
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
