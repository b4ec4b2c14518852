/* Channel health from C (ps_health, one JSON request): golden parity with `partnerscore health --format
 * json` on the sample partners and history (bindings/c/tests/golden/health_sample.json: defaults, no
 * profile; health_sample_profile.json: examples/profile.json, as_of 2026-06-30, min_deals_per_year 4,
 * flat_band "0.05"; both checked against the CLI by `cargo test -p partnerscore-c`), every error path
 * (NULL arguments, bad UTF-8, the request's JSON and keys, each option, the profile with its `profile.`
 * paths, partners, history, no as_of), outputs only on success, *err only on failure, and four threads
 * calling ps_health at once. Run under valgrind and the sanitizers by bindings/c/run-tests.sh.
 *
 * Usage: health_test REPO_ROOT */
#include "one_shot.h"

static const char PARTNERS[] =
    "[{\"id\": \"A\", \"name\": \"Alpha\", \"signed_on\": \"2024-01-01\", \"first_revenue_on\": \"2024-03-01\","
    " \"region\": \"EMEA\", \"sql\": 80, \"mql\": 400},"
    " {\"id\": \"B\", \"signed_on\": \"2025-06-01\", \"region\": \"APAC\"}]";
static const char HISTORY[] = "[{\"partner_id\": \"A\", \"period\": \"2025-Q3\", \"revenue\": 100, \"deals_closed\": 1},"
                              " {\"partner_id\": \"A\", \"period\": \"2025-Q4\", \"revenue\": \"150\", \"deals_closed\": 1},"
                              " {\"partner_id\": \"B\", \"period\": \"2025-Q4\", \"revenue\": 0, \"deals_closed\": 0},"
                              " {\"partner_id\": \"Z\", \"period\": \"2025-Q4\", \"revenue\": 9}]";
static const char PROFILE[] =
    "{\"name\": \"p\", \"criteria\": [{\"field\": \"region\", \"one_of\": [\"EMEA\", \"NA\"], \"area\": \"operational\"}]}";





/* A request {"partners": PARTNERS, "history": HISTORY, "profile": PROFILE (when not NULL) EXTRA} in a
 * malloc'd NUL-terminated string. */
static char *request(const char *partners, size_t pn, const char *history, size_t hn, const char *profile,
                     size_t fn, const char *extra) {
    struct buf b = {NULL, 0, 0};
    puts_(&b, "{\"partners\": ");
    put(&b, partners, pn);
    puts_(&b, ",\n \"history\": ");
    put(&b, history, hn);
    if (profile != NULL) {
        puts_(&b, ",\n \"profile\": ");
        put(&b, profile, fn);
    }
    puts_(&b, extra);
    puts_(&b, "}");
    return b.data;
}

/* The small request with EXTRA members (", \"as_of\": ..."), in a malloc'd string. */
static char *small(const char *extra) {
    return request(PARTNERS, strlen(PARTNERS), HISTORY, strlen(HISTORY), PROFILE, strlen(PROFILE), extra);
}

/* ps_health on a C string that must succeed: the JSON (ps_string_free it) or NULL. */
static char *health_ok(const char *req, size_t *len) {
    return one_shot_ok(ps_health, "health", req, len);
}

/* ps_health on a C string, expecting failure WANT with a message holding N1 and N2. */
static void expect_health_error(const char *req, ps_status want, const char *n1, const char *n2) {
    expect_one_shot_error(ps_health, req, want, n1, n2);
}

/* expect_health_error on the small request with EXTRA members. */
static void expect_small_error(const char *extra, ps_status want, const char *n1, const char *n2) {
    char *req = small(extra);
    expect_health_error(req, want, n1, n2);
    free(req);
}






static void test_null_arguments_of_health(void) {
    char *req = small("");
    test_null_arguments(ps_health, req);
    free(req);
}

static void test_invalid_utf8(void) {
    expect_health_error("{\"partners\": [],\n \"history\": [], \"as_of\": \"2026\xff\"}", PS_ERR_INVALID_UTF8,
                        "request_json: line 2, byte 47", "UTF-8");
    expect_health_error("{\"partners\": [{\"id\": \"\xc3\x28\"}], \"history\": []}", PS_ERR_INVALID_UTF8,
                        "request_json: line 1, byte 22", "UTF-8");
}

static void test_request_errors(void) {
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    /* Not JSON, and a zero-length buffer (an empty document, not a NULL argument). */
    expect_health_error("{\"partners\": [], \"history\": [", PS_ERR_CONFIG, "(root): invalid JSON: ", NULL);
    expect_health_error("{\"partners\": [], \"history\": []} x", PS_ERR_CONFIG, "(root): invalid JSON: ",
                        "trailing characters");
    EXPECT_ERROR(ps_health("{}", 0, &json, &len, &err), PS_ERR_CONFIG, "(root): invalid JSON: EOF", NULL);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
    /* Not an object. */
    expect_health_error("[]", PS_ERR_CONFIG, "(root): the request must be a JSON object", "found an array");
    expect_health_error("\"partners\"", PS_ERR_CONFIG, "(root): the request must be a JSON object",
                        "found \"partners\"");
    expect_health_error("null", PS_ERR_CONFIG, "(root): the request must be a JSON object", "found null");
    /* Unknown keys: the first in document order, with the keys a request takes. */
    expect_health_error("{\"partners\": [], \"zebra\": 1, \"history\": [], \"colour\": 2}", PS_ERR_CONFIG,
                        "zebra: unknown key; a health request takes partners, history, profile, as_of, ",
                        "min_deals_per_year, flat_band");
    expect_health_error("{\"partners\": [], \"history\": [], \"as of\": 1}", PS_ERR_CONFIG, "\"as of\": unknown key",
                        NULL);
    /* A repeated key, also when written with an escape. */
    expect_health_error("{\"partners\": [{\"id\": \"A\"}], \"history\": [], \"partners\": []}", PS_ERR_CONFIG,
                        "partners: repeated key", NULL);
    expect_health_error("{\"as_of\": \"2026-06-30\", \"partners\": [], \"history\": [], \"\\u0061s_of\": null}",
                        PS_ERR_CONFIG, "as_of: repeated key", NULL);
    /* Missing (or null) partners and history. */
    expect_health_error("{\"history\": []}", PS_ERR_CONFIG, "partners: required: a JSON array of partner objects",
                        NULL);
    expect_health_error("{\"partners\": null, \"history\": []}", PS_ERR_CONFIG, "partners: required", NULL);
    expect_health_error("{\"partners\": []}", PS_ERR_CONFIG, "history: required: ", "[] for none");
}

static void test_option_errors(void) {
    expect_small_error(", \"as_of\": \"2026-13-01\"", PS_ERR_CONFIG, "as_of: \"2026-13-01\" is not a date (YYYY-MM-DD)",
                       NULL);
    expect_small_error(", \"as_of\": 20260630", PS_ERR_CONFIG, "as_of: must be a date as text", "found 20260630");
    expect_small_error(", \"min_revenue\": -1", PS_ERR_CONFIG, "min_revenue: must be \xe2\x89\xa5 0, found -1", NULL);
    expect_small_error(", \"min_deals_per_year\": \"-3\"", PS_ERR_CONFIG, "min_deals_per_year: must be ", "found -3");
    expect_small_error(", \"flat_band\": \"wide\"", PS_ERR_CONFIG, "flat_band: \"wide\" is not a number", NULL);
    expect_small_error(", \"flat_band\": [0.1]", PS_ERR_CONFIG, "flat_band: must be a number or numeric text",
                       "found an array");
    expect_small_error(", \"min_revenue\": true", PS_ERR_CONFIG, "min_revenue: must be a number or numeric text",
                       "found true");
    expect_small_error(", \"min_revenue\": \"NaN\"", PS_ERR_CONFIG, "min_revenue: ", "NaN");
    expect_small_error(", \"min_revenue\": 1e400", PS_ERR_CONFIG, "min_revenue: ", "28 significant digits");
    expect_small_error(", \"revenue_field\": \"\"", PS_ERR_CONFIG, "revenue_field: must name a history field", NULL);
    expect_small_error(", \"deals_field\": 7", PS_ERR_CONFIG, "deals_field: must be text", "found 7");
    expect_small_error(", \"trajectory_field\": {}", PS_ERR_CONFIG, "trajectory_field: must be text",
                       "found an object");
    /* Options are checked before the profile, partners and history, as in the CLI. */
    expect_health_error("{\"partners\": 5, \"history\": 6, \"profile\": 7, \"flat_band\": -1}", PS_ERR_CONFIG,
                        "flat_band: must be ", NULL);
}

static void test_profile_errors(void) {
    const char *bad[][2] = {
        {"{\"name\": \"p\", \"criteria\": [{\"field\": \"n\", \"between\": [9, 2], \"area\": \"product\"}]}",
         "profile.criteria[0].between: "},
        {"{\"name\": \"p\", \"criteria\": [{\"field\": \"n\", \"at_least\": 1, \"area\": \"finance\"}]}",
         "profile.criteria[0].area: "},
        {"{\"name\": \"p\", \"criteria\": [{\"field\": \"n\", \"at_least\": 1, \"area\": \"product\", \"colour\": 1}]}",
         "profile.criteria[0]"},
        {"{\"name\": \"p\", \"criteria\": []}", "profile"},
        {"[1]", "profile[0]: "},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *req = request(PARTNERS, strlen(PARTNERS), HISTORY, strlen(HISTORY), bad[i][0], strlen(bad[i][0]), "");
        expect_health_error(req, PS_ERR_CONFIG, bad[i][1], NULL);
        free(req);
    }
    /* A partner value the profile cannot read: an input error naming the partner and field. */
    const char profile[] =
        "{\"name\": \"p\", \"criteria\": [{\"field\": \"employees\", \"at_least\": 5, \"area\": \"management\"}]}";
    const char partners[] = "[{\"id\": \"A\", \"employees\": \"many\"}]";
    char *req = request(partners, strlen(partners), HISTORY, strlen(HISTORY), profile, strlen(profile), "");
    expect_health_error(req, PS_ERR_INPUT, "partners[0] (partner A), field employees: ", NULL);
    free(req);
}

/* expect_health_error on a request of PARTNERS and HISTORY texts, without a profile. */
static void expect_data_error(const char *partners, const char *history, ps_status want, const char *n1,
                              const char *n2) {
    char *req = request(partners, strlen(partners), history, strlen(history), NULL, 0, "");
    expect_health_error(req, want, n1, n2);
    free(req);
}

static void test_partner_and_history_errors(void) {
    expect_data_error("[{\"id\": \"A\", \"signed_on\": \"2024-02-30\"}]", HISTORY, PS_ERR_INPUT,
                      "partners[0] (partner A), field signed_on: ", "not a date");
    expect_data_error("[{\"id\": \"A\", \"signed_on\": \"2024-02-01\", \"first_revenue_on\": \"2024-01-01\"}]", HISTORY,
                      PS_ERR_INPUT, "partners[0] (partner A), field first_revenue_on: ", "before signed_on");
    expect_data_error("[{\"id\": \"A\", \"mql\": \"lots\", \"sql\": 3}]", HISTORY, PS_ERR_INPUT,
                      "partners[0] (partner A), field mql", NULL);
    expect_data_error("[{\"id\": \"A\"}, {\"id\": \"A\"}]", HISTORY, PS_ERR_INPUT, "partners[1] (partner A)",
                      "duplicate");
    expect_data_error("[7]", HISTORY, PS_ERR_INPUT, "partners[0]: ", NULL);
    expect_data_error("{\"id\": \"A\"}", HISTORY, PS_ERR_INPUT, "partners: must be a JSON array of objects",
                      "found an object");
    const char *partners = "[{\"id\": \"A\", \"signed_on\": \"2024-01-01\"}]";
    expect_data_error(partners, "[{\"partner_id\": \"A\", \"period\": \"2025-Q1\"}, {\"partner_id\": \"A\", \"period\": \"2025-Q1\"}]",
                      PS_ERR_INPUT, "history[1] (partner A): ", "already has period 2025-Q1 at history[0]");
    expect_data_error(partners, "[{\"partner_id\": \"A\", \"period\": \"2026-Q5\", \"revenue\": 1}]", PS_ERR_INPUT,
                      "history[0] (partner A): ", "\"2026-Q5\"");
    expect_data_error(partners, "[{\"partner_id\": \"A\", \"period\": \"2025-Q1\", \"revenue\": [1]}]", PS_ERR_INPUT,
                      "history[0], field revenue: ", NULL);
    expect_data_error(partners, "[{\"partner_id\": \"A\", \"period\": \"2025-Q1\", \"revenue\": \"lots\"}]",
                      PS_ERR_INPUT, "history[0] (partner A), field revenue: ", "not a number");
    expect_data_error(partners, "{\"partner_id\": \"A\"}", PS_ERR_INPUT, "history: must be a JSON array of objects",
                      NULL);
    /* Both bad: the partners come first. */
    expect_data_error("[{\"id\": \"A\"}, {\"id\": \"A\"}]", "[3]", PS_ERR_INPUT, "partners[1]", NULL);
    /* Nesting beyond serde_json's 128 levels: named at the line and column of the request. */
    char deep[401];
    memset(deep, '[', 200);
    memset(deep + 200, ']', 200);
    deep[400] = '\0';
    expect_data_error(deep, "[]", PS_ERR_INPUT, "partners: invalid JSON: recursion limit exceeded at line 1 column 141",
                      NULL);
    /* No as_of and no period in the history to take it from. */
    expect_data_error(PARTNERS, "[]", PS_ERR_INPUT, "as_of: needed: the history has no period",
                      "\"as_of\": \"YYYY-MM-DD\"");
}

/* Hand-checked answers on the small channel; only len bytes are read; null members are absent. */
static void test_small_inputs(void) {
    size_t len;
    char *req = small("");
    char *json = health_ok(req, &len);
    if (json != NULL) {
        CHECK_CONTAINS(json, "{\"as_of\":\"2025-12-31\",\"history_rows_ignored\":1,");
        CHECK_CONTAINS(json, "{\"period\":\"2025-Q4\",\"active\":2,\"contributing\":1,\"rate\":\"0.5\"}");
        CHECK_CONTAINS(json, "\"median_days\":60,");
        /* A: 2 deals in the last 12 months, a good fit: keep without investment; B not judged yet. */
        CHECK_CONTAINS(json, "{\"id\":\"A\",\"name\":\"Alpha\",\"deals_last_12_months\":2,\"non_productive\":true,"
                             "\"recommendation\":\"keep_without_investment\",\"verdict\":\"ideal\"");
        CHECK_CONTAINS(json, "\"non_productive\":false,\"recommendation\":null,\"verdict\":\"poor_fit\"");
        CHECK_CONTAINS(json, "\"direction\":\"improving\"");
        CHECK_CONTAINS(json, "\"mql_to_sql\":\"0.2\"");
        CHECK(json[len - 1] == '\n');
        /* The same request with every option null is the same report. */
        char *nulls = small(", \"as_of\": null, \"revenue_field\": null, \"deals_field\": null, \"trajectory_field\": "
                            "null, \"min_revenue\": null, \"min_deals_per_year\": null, \"flat_band\": null");
        size_t nulls_len;
        char *again = health_ok(nulls, &nulls_len);
        CHECK(again != NULL && nulls_len == len && memcmp(again, json, len) == 0);
        ps_string_free(again);
        free(nulls);
        /* Only len bytes are read: bad bytes after them are not seen. */
        test_reads_only_len(ps_health, req, json, len);
        ps_string_free(json);
    }
    free(req);
    /* min_deals_per_year 1 as numeric text: A's 2 deals are enough. */
    req = small(", \"min_deals_per_year\": \"1\"");
    json = health_ok(req, &len);
    if (json != NULL) {
        CHECK_CONTAINS(json, "{\"id\":\"A\",\"name\":\"Alpha\",\"deals_last_12_months\":2,\"non_productive\":false,");
        ps_string_free(json);
    }
    free(req);
    /* No history, as_of given; no partners. */
    json = health_ok("{\"partners\": [{\"id\": \"A\"}], \"history\": [], \"as_of\": \"2026-06-30\"}", &len);
    if (json != NULL) {
        CHECK_CONTAINS(json, "{\"as_of\":\"2026-06-30\",\"history_rows_ignored\":0,\"contribution_rate\":[],");
        ps_string_free(json);
    }
    json = health_ok("{\"partners\": [], \"history\": [{\"partner_id\": \"Z\", \"period\": \"2026-Q1\"}]}", &len);
    if (json != NULL) {
        CHECK_CONTAINS(json, "{\"as_of\":\"2026-03-31\",\"history_rows_ignored\":1,");
        CHECK_CONTAINS(json, "\"partners\":[]}\n");
        ps_string_free(json);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s REPO_ROOT\n", argv[0]);
        return 2;
    }
    const char *root = argv[1];
    char *c_dir = join_path(root, "bindings/c");

    size_t pn, hn, fn;
    char *partners = read_exact(root, "examples/partners.json", &pn);
    char *history = read_exact(root, "examples/history.json", &hn);
    char *profile = read_exact(root, "examples/profile.json", &fn);
    struct sample samples[2];
    samples[0].name = "health_sample.json";
    samples[1].name = "health_sample_profile.json";
    char *texts[2] = {
        request(partners, pn, history, hn, NULL, 0, ""),
        request(partners, pn, history, hn, profile, fn,
                ",\n \"as_of\": \"2026-06-30\", \"min_deals_per_year\": 4, \"flat_band\": \"0.05\""),
    };
    for (int i = 0; i < 2; i++) {
        make_sample(&samples[i], samples[i].name, texts[i], c_dir);
    }
    free(partners);
    free(history);
    free(profile);
    free(c_dir);

    /* The CLI's JSON for the sample, byte for byte, any number of times, then from four threads. */
    test_samples(ps_health, samples);

    test_null_arguments_of_health();
    test_invalid_utf8();
    test_request_errors();
    test_option_errors();
    test_profile_errors();
    test_partner_and_history_errors();
    test_small_inputs();

    if (test_failures > 0) {
        fprintf(stderr, "health_test: %d check(s) failed\n", test_failures);
        return 1;
    }
    printf("health_test: all checks passed, %d threads x %d rounds (libpartnerscore %s)\n", THREADS, ROUNDS,
           ps_version());
    return 0;
}
