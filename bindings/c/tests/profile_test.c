/* The ideal partner profile from C (ps_profile_new / ps_profile_evaluate / ps_profile_free): golden parity
 * with `partnerscore gap --format json` from CSV and JSON partners, every error path, outputs only on
 * success, *err only on failure, ps_profile_free(NULL). Run under valgrind by bindings/c/run-tests.sh.
 *
 * Usage: profile_test REPO_ROOT */
#include "expect.h"

#define PROFILE_SENTINEL ((ps_profile *)OBJECT_SENTINEL)

/* Two criteria: reps (at_least 4, tolerance 2) and region (one_of EMEA, NA). */
static const char GOOD_PROFILE[] =
    "{\"name\": \"p\", \"thresholds\": {\"ideal\": 85, \"develop\": 60}, \"criteria\": ["
    "{\"field\": \"reps\", \"at_least\": 4, \"tolerance\": 2, \"weight\": 2, \"area\": \"sales_marketing\"},"
    "{\"field\": \"region\", \"one_of\": [\"EMEA\", \"NA\"], \"area\": \"management\"}]}";

static ps_status evaluate_report(const void *profile, const char *partners, size_t partners_len, ps_format format,
                                 char **out_json, size_t *out_len, ps_error **err) {
    return ps_profile_evaluate(profile, partners, partners_len, format, out_json, out_len, err);
}

/* Creates a profile from a C string that must be valid. */
static ps_profile *profile_from(const char *json, size_t len) {
    ps_profile *profile = NULL;
    ps_error *err = ERR_SENTINEL;
    ps_status s = ps_profile_new(json, len, &profile, &err);
    CHECK(s == PS_OK);
    CHECK(err == ERR_SENTINEL);
    CHECK(profile != NULL);
    if (s != PS_OK && err != ERR_SENTINEL) {
        fprintf(stderr, "profile: %s\n", ps_error_message(err));
        ps_error_free(err);
    }
    return profile;
}

static void test_null_arguments(void) {
    ps_profile *out = PROFILE_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    EXPECT_ERROR(ps_profile_new(NULL, 10, &out, &err), PS_ERR_NULL_ARGUMENT, "config_json", "NULL");
    EXPECT_ERROR(ps_profile_new(GOOD_PROFILE, strlen(GOOD_PROFILE), NULL, &err), PS_ERR_NULL_ARGUMENT, "out",
                 "NULL");
    CHECK(ps_profile_new(NULL, 0, NULL, NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(out == PROFILE_SENTINEL);
    ps_profile_free(NULL);
}

static void test_invalid_utf8_config(void) {
    ps_profile *out = PROFILE_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    const char bad_profile[] = "{\"name\": \"caf\xe9\"}";
    EXPECT_ERROR(ps_profile_new(bad_profile, strlen(bad_profile), &out, &err), PS_ERR_INVALID_UTF8,
                 "config_json: line 1, byte 13", "UTF-8");
    CHECK(out == PROFILE_SENTINEL);
}

static void test_config_errors(void) {
    ps_profile *out = PROFILE_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    const char reversed[] = "{\"name\": \"p\", \"criteria\": ["
                            "{\"field\": \"reps\", \"at_least\": 4, \"area\": \"product\"},"
                            "{\"field\": \"employees\", \"between\": [250, 20], \"area\": \"management\"}]}";
    EXPECT_ERROR(ps_profile_new(reversed, strlen(reversed), &out, &err), PS_ERR_CONFIG, "criteria[1].between: ",
                 "reversed");
    const char unknown_kind[] = "{\"name\": \"p\", \"criteria\": ["
                                "{\"field\": \"reps\", \"more_than\": 4, \"area\": \"product\"}]}";
    EXPECT_ERROR(ps_profile_new(unknown_kind, strlen(unknown_kind), &out, &err), PS_ERR_CONFIG,
                 "criteria[0].more_than", "unknown key `more_than`");
    const char thresholds[] = "{\"name\": \"p\", \"thresholds\": {\"ideal\": 50, \"develop\": 70}, \"criteria\": ["
                              "{\"field\": \"reps\", \"at_least\": 4, \"area\": \"product\"}]}";
    EXPECT_ERROR(ps_profile_new(thresholds, strlen(thresholds), &out, &err), PS_ERR_CONFIG, "thresholds: ",
                 "out of order");
    const char area[] = "{\"name\": \"p\", \"criteria\": ["
                        "{\"field\": \"reps\", \"at_least\": 4, \"area\": \"finance\"}]}";
    EXPECT_ERROR(ps_profile_new(area, strlen(area), &out, &err), PS_ERR_CONFIG, "criteria[0].area", "finance");
    const char truncated[] = "{\"name\": \"p\", \"criteria\": [";
    EXPECT_ERROR(ps_profile_new(truncated, strlen(truncated), &out, &err), PS_ERR_CONFIG, "invalid JSON", NULL);
    /* A zero-length buffer is an empty document, not a NULL argument. */
    EXPECT_ERROR(ps_profile_new(truncated, 0, &out, &err), PS_ERR_CONFIG, "invalid JSON", NULL);
    CHECK(ps_profile_new(reversed, strlen(reversed), &out, NULL) == PS_ERR_CONFIG);
    CHECK(out == PROFILE_SENTINEL);
}

static void test_input_errors(ps_profile *profile) {
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    const char csv[] = "id,name,region,reps\nP1,A,EMEA,4\nP2,B,NA,many\n";
    EXPECT_ERROR(ps_profile_evaluate(profile, csv, strlen(csv), PS_FORMAT_CSV, &json, &len, &err), PS_ERR_INPUT,
                 "line 3, column 4 (partner P2, field reps): ", "not a number");
    /* Found while evaluating, not loading: a list where at_least needs a number. */
    const char js[] = "[{\"id\": \"P1\", \"reps\": 4}, {\"id\": \"P2\", \"reps\": [\"a\"]}]";
    EXPECT_ERROR(ps_profile_evaluate(profile, js, strlen(js), PS_FORMAT_JSON, &json, &len, &err), PS_ERR_INPUT,
                 "partners[1] (partner P2), field reps", NULL);
    const char dup[] = "[{\"id\": \"A\"}, {\"id\": \"A\"}]";
    EXPECT_ERROR(ps_profile_evaluate(profile, dup, strlen(dup), PS_FORMAT_JSON, &json, &len, &err), PS_ERR_INPUT,
                 "partners[1] (partner A)", "duplicate");
    /* JSON text given as CSV: the format argument decides, not the content. */
    EXPECT_ERROR(ps_profile_evaluate(profile, dup, strlen(dup), PS_FORMAT_CSV, &json, &len, &err), PS_ERR_INPUT,
                 NULL, NULL);
    CHECK(ps_profile_evaluate(profile, csv, strlen(csv), PS_FORMAT_CSV, &json, &len, NULL) == PS_ERR_INPUT);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
}

/* Missing criterion fields are gaps, not errors; only len bytes are read; no partners is an empty report. */
static void test_small_inputs(ps_profile *profile) {
    const char partners[] = "[{\"id\": \"P1\"}]trailing bytes past len";
    char *json = NULL;
    size_t len = 0;
    ps_error *err = ERR_SENTINEL;
    ps_status s = ps_profile_evaluate(profile, partners, strlen("[{\"id\": \"P1\"}]"), PS_FORMAT_JSON, &json, &len,
                                      &err);
    CHECK(s == PS_OK);
    CHECK(err == ERR_SENTINEL);
    if (s == PS_OK) {
        CHECK(len == strlen(json));
        CHECK_CONTAINS(json, "{\"profile\":\"p\",\"partners\":[{\"id\":\"P1\",");
        CHECK_CONTAINS(json, "\"verdict\":\"poor_fit\"");
        CHECK_CONTAINS(json, "\"area\":\"management\"");
        ps_string_free(json);
    }
    s = ps_profile_evaluate(profile, "[]", 2, PS_FORMAT_JSON, &json, &len, &err);
    CHECK(s == PS_OK);
    if (s == PS_OK) {
        const char empty[] = "{\"profile\":\"p\",\"partners\":[]}\n";
        CHECK(len == strlen(empty) && strcmp(json, empty) == 0);
        ps_string_free(json);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s REPO_ROOT\n", argv[0]);
        return 2;
    }
    const char *root = argv[1];

    char *path = join_path(root, "examples/profile.json");
    size_t config_len;
    char *config = read_file(path, &config_len);
    ps_profile *sample = profile_from(config, config_len);
    free(config);
    free(path);
    if (sample == NULL) {
        return 1;
    }
    /* The report from both partner files equals the golden file in the CLI's form, byte for byte. */
    expect_golden_reports(root, sample, evaluate_report, "profile_sample.json");
    ps_profile_free(sample);

    ps_profile *small = profile_from(GOOD_PROFILE, strlen(GOOD_PROFILE));
    if (small == NULL) {
        return 1;
    }
    test_null_arguments();
    test_invalid_utf8_config();
    /* NULL for each pointer, partners not UTF-8, a bad format: outputs untouched. */
    expect_report_argument_errors(small, evaluate_report, "profile: NULL");
    test_config_errors();
    test_input_errors(small);
    test_small_inputs(small);
    ps_profile_free(small);

    if (test_failures > 0) {
        fprintf(stderr, "profile_test: %d check(s) failed\n", test_failures);
        return 1;
    }
    printf("profile_test: all checks passed (libpartnerscore %s)\n", ps_version());
    return 0;
}
