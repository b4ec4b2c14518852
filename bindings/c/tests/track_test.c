/* Execution-plan tracking from C (ps_track, one JSON request): golden parity with `partnerscore track
 * --format json` on examples/commitments.json at 2026-09-30 (bindings/c/tests/golden/track_sample.json:
 * with examples/milestones.json; track_sample_no_milestones.json: without; both checked against the CLI
 * by `cargo test -p partnerscore-c`), every error path (NULL arguments, bad UTF-8, the request's JSON and
 * keys, as_of missing or not a date, each kind of bad commitment and milestone, the CLI's order of
 * checks), outputs only on success, *err only on failure, and four threads calling ps_track at once. Run
 * under valgrind and the sanitizers by bindings/c/run-tests.sh.
 *
 * Usage: track_test REPO_ROOT */
#include "one_shot.h"

/* At 2026-03-31: 2026-01-01 -> 2026-06-30 is 180 days, 89 passed: 12 x 89/180 = 5.9333 deals expected, and
 * 4 < 0.75 x 5.9333: behind by 1.9333. The reps were due 2026-03-01: overdue, 2 short of target. */
static const char COMMITMENTS[] =
    "[{\"partner_id\": \"K1\", \"kind\": \"deals\", \"field\": \"deals_closed\", \"target\": 12,"
    " \"start\": \"2026-01-01\", \"due\": \"2026-06-30\", \"actual\": 4},"
    " {\"partner_id\": \"K1\", \"kind\": \"Resources\", \"field\": \"sales_reps\", \"target\": \"3\","
    " \"start\": \"2026-01-01\", \"due\": \"2026-03-01\", \"actual\": 1}]";

/* K1's management milestone is done; K2's operational one is overdue. */
static const char MILESTONES[] =
    "[{\"partner_id\": \"K1\", \"area\": \"management\", \"name\": \"Plan signed\", \"due\": \"2026-02-01\","
    " \"done_on\": \"2026-01-20\"},"
    " {\"partner_id\": \"K2\", \"area\": \"operational\", \"name\": \"Portal\", \"due\": \"2026-03-01\"}]";





/* A request {"commitments": C, "milestones": M (when M is not NULL) EXTRA} in a malloc'd string. */
static char *request(const char *c, size_t cn, const char *m, size_t mn, const char *extra) {
    struct buf b = {NULL, 0, 0};
    puts_(&b, "{\"commitments\": ");
    put(&b, c, cn);
    if (m != NULL) {
        puts_(&b, ",\n \"milestones\": ");
        put(&b, m, mn);
    }
    puts_(&b, extra);
    puts_(&b, "}");
    return b.data;
}

/* The small request (COMMITMENTS, MILESTONES) with EXTRA members (", \"as_of\": \"2026-03-31\""). */
static char *small(const char *extra) {
    return request(COMMITMENTS, strlen(COMMITMENTS), MILESTONES, strlen(MILESTONES), extra);
}

/* ps_track on a C string that must succeed: the JSON (ps_string_free it) or NULL. */
static char *track_ok(const char *req, size_t *len) {
    return one_shot_ok(ps_track, "track", req, len);
}

/* ps_track on a C string, expecting failure WANT with a message holding N1 and N2. */
static void expect_track_error(const char *req, ps_status want, const char *n1, const char *n2) {
    expect_one_shot_error(ps_track, req, want, n1, n2);
}

/* expect_track_error on the small request with EXTRA members. */
static void expect_small_error(const char *extra, ps_status want, const char *n1, const char *n2) {
    char *req = small(extra);
    expect_track_error(req, want, n1, n2);
    free(req);
}

/* expect_track_error on a request of commitments C and milestones M (NULL: none), JSON texts, and EXTRA. */
static void expect_inputs_error(const char *c, const char *m, const char *extra, ps_status want, const char *n1,
                                const char *n2) {
    char *req = request(c, strlen(c), m, m != NULL ? strlen(m) : 0, extra);
    expect_track_error(req, want, n1, n2);
    free(req);
}






static void test_null_arguments_of_track(void) {
    char *req = small(", \"as_of\": \"2026-03-31\"");
    test_null_arguments(ps_track, req);
    free(req);
}

static void test_invalid_utf8(void) {
    expect_track_error("{\"commitments\": [],\n \"as_of\": \"2026\xff\"}", PS_ERR_INVALID_UTF8,
                       "request_json: line 2, byte 35", "UTF-8");
    expect_track_error("{\"commitments\": [{\"partner_id\": \"\xc3\x28\"}]}", PS_ERR_INVALID_UTF8,
                       "request_json: line 1, byte 33", "UTF-8");
}

static void test_request_errors(void) {
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    /* Not JSON, and a zero-length buffer (an empty document, not a NULL argument). */
    expect_track_error("{\"commitments\": [", PS_ERR_CONFIG, "(root): invalid JSON: ", "line 1 column 17");
    expect_track_error("{\"commitments\": [], \"as_of\": \"2026-03-31\"} x", PS_ERR_CONFIG, "(root): invalid JSON: ",
                       "trailing characters");
    expect_track_error("{commitments: []}", PS_ERR_CONFIG, "(root): invalid JSON: ", "key must be a string");
    EXPECT_ERROR(ps_track("{}", 0, &json, &len, &err), PS_ERR_CONFIG, "(root): invalid JSON: EOF", NULL);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
    /* Not an object. */
    expect_track_error("[]", PS_ERR_CONFIG, "(root): the request must be a JSON object", "found an array");
    expect_track_error("\"commitments\"", PS_ERR_CONFIG,
                       "(root): the request must be a JSON object ({\"commitments\": [...], \"milestones\": [...], "
                       "\"as_of\": \"YYYY-MM-DD\"})",
                       "found \"commitments\"");
    expect_track_error("null", PS_ERR_CONFIG, "(root): the request must be a JSON object", "found null");
    /* Unknown keys: the first in document order, with the keys a request takes. */
    expect_track_error("{\"commitments\": [], \"as_of\": \"2026-03-31\", \"zebra\": 1, \"colour\": 2}", PS_ERR_CONFIG,
                       "zebra: unknown key; a track request takes commitments, milestones, as_of", NULL);
    expect_track_error("{\"commitments\": [], \"asOf\": \"2026-03-31\"}", PS_ERR_CONFIG, "asOf: unknown key", NULL);
    expect_track_error("{\"commitments\": [], \"as_of\": \"2026-03-31\", \"window_days\": 30}", PS_ERR_CONFIG,
                       "window_days: unknown key", "a track request takes");
    /* A repeated key, also when written with an escape. */
    expect_track_error("{\"as_of\": \"2026-03-31\", \"commitments\": [], \"as_of\": null}", PS_ERR_CONFIG,
                       "as_of: repeated key", NULL);
    expect_track_error("{\"commitments\": [], \"milestones\": [], \"as_of\": \"2026-03-31\", \"mil\\u0065stones\": []}",
                       PS_ERR_CONFIG, "milestones: repeated key", NULL);
    /* Missing (or null) commitments, before as_of is read. */
    expect_track_error("{}", PS_ERR_CONFIG, "commitments: required: a JSON array of commitment objects", NULL);
    expect_track_error("{\"as_of\": \"2026-03-31\"}", PS_ERR_CONFIG, "commitments: required", NULL);
    expect_track_error("{\"commitments\": null, \"as_of\": \"x\"}", PS_ERR_CONFIG, "commitments: required", NULL);
    /* Commitments or milestones that are not an array: an input error naming the member. */
    expect_track_error("{\"commitments\": {\"partner_id\": \"K1\"}, \"as_of\": \"2026-03-31\"}", PS_ERR_INPUT,
                       "commitments: must be a JSON array of objects, found an object", NULL);
    expect_track_error("{\"commitments\": 12, \"as_of\": \"2026-03-31\"}", PS_ERR_INPUT,
                       "commitments: must be a JSON array", "found 12");
    expect_track_error("{\"commitments\": [], \"milestones\": \"K1\", \"as_of\": \"2026-03-31\"}", PS_ERR_INPUT,
                       "milestones: must be a JSON array of objects, found \"K1\"", NULL);
    expect_track_error("{\"commitments\": [7], \"as_of\": \"2026-03-31\"}", PS_ERR_INPUT,
                       "commitments[0]: each record must be a JSON object", NULL);
    /* Nesting beyond serde_json's 128 levels: named at the line and column of the request. */
    char deep[401];
    memset(deep, '[', 200);
    memset(deep + 200, ']', 200);
    deep[400] = '\0';
    expect_inputs_error(deep, NULL, ", \"as_of\": \"2026-03-31\"", PS_ERR_INPUT,
                        "commitments: invalid JSON: recursion limit exceeded at line 1 column 144", NULL);
    expect_inputs_error("[]", deep, ", \"as_of\": \"2026-03-31\"", PS_ERR_INPUT,
                        "milestones: invalid JSON: recursion limit exceeded at line 2 column 143", NULL);
}

static void test_as_of_errors(void) {
    /* Required: the library does not track at today's date as the CLI does. */
    expect_small_error("", PS_ERR_CONFIG, "as_of: required: the tracking date as text (\"YYYY-MM-DD\")",
                       "does not default it to today");
    expect_small_error(", \"as_of\": null", PS_ERR_CONFIG, "as_of: required", NULL);
    /* Not a date: the CLI's reason for --as-of, PS_ERR_CONFIG at as_of. */
    expect_small_error(", \"as_of\": \"2026-13-01\"", PS_ERR_CONFIG,
                       "as_of: \"2026-13-01\" is not a date (YYYY-MM-DD)", NULL);
    expect_small_error(", \"as_of\": \"2026-02-30\"", PS_ERR_CONFIG, "as_of: \"2026-02-30\" is not a date", NULL);
    expect_small_error(", \"as_of\": \"30/09/2026\"", PS_ERR_CONFIG, "as_of: \"30/09/2026\" is not a date", NULL);
    expect_small_error(", \"as_of\": \"\"", PS_ERR_CONFIG, "as_of: \"\" is not a date", NULL);
    expect_small_error(", \"as_of\": 20260930", PS_ERR_CONFIG,
                       "as_of: must be a date as text (\"YYYY-MM-DD\"), found 20260930", NULL);
    expect_small_error(", \"as_of\": [\"2026-09-30\"]", PS_ERR_CONFIG, "as_of: must be a date as text",
                       "found an array");
    /* As in the CLI, as_of comes before the commitments and milestones... */
    const char bad[] = "[{\"partner_id\": \"K1\", \"kind\": \"revenue\", \"field\": \"x\", \"target\": 1,"
                       " \"start\": \"2026-01-01\", \"due\": \"2026-06-30\"}]";
    expect_inputs_error(bad, "7", ", \"as_of\": \"2026-13-01\"", PS_ERR_CONFIG, "as_of: \"2026-13-01\" is not a date",
                        NULL);
    expect_inputs_error(bad, "7", "", PS_ERR_CONFIG, "as_of: required", NULL);
    /* ...and the commitments before the milestones. */
    expect_inputs_error(bad, "7", ", \"as_of\": \"2026-03-31\"", PS_ERR_INPUT,
                        "commitments[0] (partner K1), field kind: unknown kind \"revenue\"", NULL);
}

/* expect_track_error on the commitments [a good one, SECOND] with the small milestones at 2026-03-31. */
static void expect_commitment_error(const char *second, const char *n1, const char *n2) {
    struct buf b = {NULL, 0, 0};
    puts_(&b, "[{\"partner_id\": \"K0\", \"kind\": \"other\", \"field\": \"y\", \"target\": 1, \"start\": \"2026-01-01\","
              " \"due\": \"2026-06-30\"},\n ");
    puts_(&b, second);
    puts_(&b, "]");
    expect_inputs_error(b.data, MILESTONES, ", \"as_of\": \"2026-03-31\"", PS_ERR_INPUT, n1, n2);
    free(b.data);
}

/* expect_track_error on the small commitments and the milestones [a good one, SECOND] at 2026-03-31. */
static void expect_milestone_error(const char *second, const char *n1, const char *n2) {
    struct buf b = {NULL, 0, 0};
    puts_(&b, "[{\"partner_id\": \"K1\", \"area\": \"management\", \"name\": \"Plan\", \"due\": \"2026-02-01\"},\n ");
    puts_(&b, second);
    puts_(&b, "]");
    expect_inputs_error(COMMITMENTS, b.data, ", \"as_of\": \"2026-03-31\"", PS_ERR_INPUT, n1, n2);
    free(b.data);
}

static void test_record_errors(void) {
    /* An unknown kind. */
    expect_commitment_error("{\"partner_id\": \"K1\", \"kind\": \"revenue\", \"field\": \"x\", \"target\": 1,"
                            " \"start\": \"2026-01-01\", \"due\": \"2026-06-30\"}",
                            "commitments[1] (partner K1), field kind: unknown kind \"revenue\": ",
                            "expected one of resources, training, deals, pipeline, marketing, other");
    /* target <= 0. */
    expect_commitment_error("{\"partner_id\": \"K1\", \"kind\": \"deals\", \"field\": \"x\", \"target\": 0,"
                            " \"start\": \"2026-01-01\", \"due\": \"2026-06-30\"}",
                            "commitments[1] (partner K1), field target: target must be greater than 0, found 0", NULL);
    expect_commitment_error("{\"partner_id\": \"K1\", \"kind\": \"deals\", \"field\": \"x\", \"target\": -2,"
                            " \"start\": \"2026-01-01\", \"due\": \"2026-06-30\"}",
                            "commitments[1] (partner K1), field target: ", "found -2");
    /* due <= start. */
    expect_commitment_error("{\"partner_id\": \"K1\", \"kind\": \"deals\", \"field\": \"x\", \"target\": 2,"
                            " \"start\": \"2026-01-01\", \"due\": \"2026-01-01\"}",
                            "commitments[1] (partner K1), field due: due 2026-01-01 is not after start 2026-01-01",
                            NULL);
    expect_commitment_error("{\"partner_id\": \"K1\", \"kind\": \"deals\", \"field\": \"x\", \"target\": 2,"
                            " \"start\": \"2026-06-30\", \"due\": \"2026-01-01\"}",
                            "commitments[1] (partner K1), field due: ", "is not after start 2026-06-30");
    /* A malformed date. */
    expect_commitment_error("{\"partner_id\": \"K1\", \"kind\": \"deals\", \"field\": \"x\", \"target\": 2,"
                            " \"start\": \"2026-02-30\", \"due\": \"2026-06-30\"}",
                            "commitments[1] (partner K1), field start: start \"2026-02-30\" is not a date (YYYY-MM-DD)",
                            NULL);
    expect_commitment_error("{\"partner_id\": \"K1\", \"kind\": \"deals\", \"field\": \"x\", \"target\": 2,"
                            " \"start\": \"2026-01-01\", \"due\": \"30/06/2026\"}",
                            "commitments[1] (partner K1), field due: ", "is not a date");
    /* A negative actual. */
    expect_commitment_error("{\"partner_id\": \"K1\", \"kind\": \"deals\", \"field\": \"x\", \"target\": 2,"
                            " \"start\": \"2026-01-01\", \"due\": \"2026-06-30\", \"actual\": -1}",
                            "commitments[1] (partner K1), field actual: actual must not be negative, found -1", NULL);
    /* A target that is not a number, a missing field, a wrong JSON type. */
    expect_commitment_error("{\"partner_id\": \"K1\", \"kind\": \"deals\", \"field\": \"x\", \"target\": \"lots\","
                            " \"start\": \"2026-01-01\", \"due\": \"2026-06-30\"}",
                            "commitments[1] (partner K1), field target: ", "not a number");
    expect_commitment_error("{\"kind\": \"deals\", \"field\": \"x\", \"target\": 2, \"start\": \"2026-01-01\","
                            " \"due\": \"2026-06-30\"}",
                            "commitments[1], field partner_id: partner_id is required", NULL);
    expect_commitment_error("{\"partner_id\": \"K1\", \"kind\": [\"deals\"], \"field\": \"x\", \"target\": 2,"
                            " \"start\": \"2026-01-01\", \"due\": \"2026-06-30\"}",
                            "commitments[1], field kind: ", NULL);
    /* An unknown area. */
    expect_milestone_error("{\"partner_id\": \"K1\", \"area\": \"finance\", \"name\": \"x\", \"due\": \"2026-03-01\"}",
                           "milestones[1] (partner K1), field area: unknown area \"finance\": ",
                           "expected one of management, operational, sales_marketing, product");
    /* Malformed milestone dates. */
    expect_milestone_error("{\"partner_id\": \"K1\", \"area\": \"product\", \"name\": \"x\", \"due\": \"2026-13-01\"}",
                           "milestones[1] (partner K1), field due: due \"2026-13-01\" is not a date (YYYY-MM-DD)",
                           NULL);
    expect_milestone_error("{\"partner_id\": \"K1\", \"area\": \"product\", \"name\": \"x\", \"due\": \"2026-03-01\","
                           " \"done_on\": \"soon\"}",
                           "milestones[1] (partner K1), field done_on: done_on \"soon\" is not a date", NULL);
    expect_milestone_error("{\"area\": \"product\", \"name\": \"x\", \"due\": \"2026-03-01\"}",
                           "milestones[1], field partner_id: ", NULL);
    expect_milestone_error("[]", "milestones[1]: each record must be a JSON object", NULL);
}

/* Hand-checked answers on the small inputs; only len bytes are read; null milestones are none. */
static void test_small_inputs(void) {
    size_t len;
    char *req = small(", \"as_of\": \"2026-03-31\"");
    char *json = track_ok(req, &len);
    if (json != NULL) {
        CHECK_CONTAINS(json, "{\"as_of\":\"2026-03-31\",\"commitments\":[");
        CHECK_CONTAINS(json, "{\"partner_id\":\"K1\",\"kind\":\"deals\",\"field\":\"deals_closed\",\"target\":\"12\","
                             "\"actual\":\"4\",\"expected_to_date\":\"5.9333\",\"status\":\"behind\","
                             "\"shortfall\":\"1.9333\"}");
        CHECK_CONTAINS(json, "\"kind\":\"resources\",\"field\":\"sales_reps\",\"target\":\"3\",\"actual\":\"1\"");
        CHECK_CONTAINS(json, "\"status\":\"overdue\",\"shortfall\":\"2\"}");
        CHECK_CONTAINS(json, "\"name\":\"Plan signed\",\"due\":\"2026-02-01\",\"done_on\":\"2026-01-20\","
                             "\"status\":\"done\",\"out_of_order\":false}");
        CHECK_CONTAINS(json, "\"name\":\"Portal\",\"due\":\"2026-03-01\",\"done_on\":null,\"status\":\"overdue\"");
        CHECK_CONTAINS(json, "\"text\":\"resources: 2 sales_reps short of target, due 2026-03-01\"");
        CHECK_CONTAINS(json, "{\"id\":\"K2\",\"done\":0,\"on_track\":0,\"at_risk\":0,\"behind\":0,\"overdue\":0,"
                             "\"impediments\":[]}]}\n");
        CHECK(json[len - 1] == '\n');
        /* Only len bytes are read: bad bytes after them are not seen. */
        test_reads_only_len(ps_track, req, json, len);
        ps_string_free(json);
    }
    free(req);
    /* Without milestones, with "milestones": null and with []: the same report, K2 not in it. */
    const char *none[3] = {"", ",\n \"milestones\": null", ",\n \"milestones\": []"};
    char *first = NULL;
    size_t first_len = 0;
    for (int i = 0; i < 3; i++) {
        struct buf b = {NULL, 0, 0};
        puts_(&b, "{\"commitments\": ");
        puts_(&b, COMMITMENTS);
        puts_(&b, none[i]);
        puts_(&b, ", \"as_of\": \"2026-03-31\"}");
        size_t other_len;
        char *other = track_ok(b.data, &other_len);
        free(b.data);
        if (other == NULL) {
            continue;
        }
        CHECK_CONTAINS(other, "\"milestones\":[],\"partners\":[{\"id\":\"K1\",");
        CHECK(strstr(other, "K2") == NULL);
        if (first == NULL) {
            first = other;
            first_len = other_len;
        } else {
            CHECK(other_len == first_len && memcmp(other, first, first_len) == 0);
            ps_string_free(other);
        }
    }
    ps_string_free(first);
    /* Nothing at all. */
    json = track_ok("{\"commitments\": [], \"as_of\": \"2026-03-31\"}", &len);
    if (json != NULL) {
        CHECK(strcmp(json, "{\"as_of\":\"2026-03-31\",\"commitments\":[],\"milestones\":[],\"partners\":[]}\n") == 0);
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

    size_t cn, mn;
    char *commitments = read_exact(root, "examples/commitments.json", &cn);
    char *milestones = read_exact(root, "examples/milestones.json", &mn);
    struct sample samples[2];
    samples[0].name = "track_sample.json";
    samples[1].name = "track_sample_no_milestones.json";
    char *texts[2] = {
        request(commitments, cn, milestones, mn, ",\n \"as_of\": \"2026-09-30\""),
        request(commitments, cn, NULL, 0, ",\n \"as_of\": \"2026-09-30\""),
    };
    for (int i = 0; i < 2; i++) {
        make_sample(&samples[i], samples[i].name, texts[i], c_dir);
    }
    free(commitments);
    free(milestones);
    free(c_dir);

    /* The milestones are in one report and not in the other. */
    CHECK_CONTAINS(samples[0].golden, "{\"as_of\":\"2026-09-30\",\"commitments\":[");
    CHECK_CONTAINS(samples[0].golden, "\"milestones\":[{\"partner_id\":");
    CHECK_CONTAINS(samples[1].golden, "\"milestones\":[],\"partners\":[");
    /* The CLI's JSON for the sample, byte for byte, any number of times, then from four threads. */
    test_samples(ps_track, samples);

    test_null_arguments_of_track();
    test_invalid_utf8();
    test_request_errors();
    test_as_of_errors();
    test_record_errors();
    test_small_inputs();

    if (test_failures > 0) {
        fprintf(stderr, "track_test: %d check(s) failed\n", test_failures);
        return 1;
    }
    printf("track_test: all checks passed, %d threads x %d rounds (libpartnerscore %s)\n", THREADS, ROUNDS,
           ps_version());
    return 0;
}
