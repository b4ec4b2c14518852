/* Deal registration conflicts from C (ps_dealreg, one JSON request): golden parity with `partnerscore
 * dealreg --format json` on examples/registrations.json (bindings/c/tests/golden/dealreg_sample.json: the
 * default window of 90 days; dealreg_sample_window30.json: "window_days": 30; both checked against the
 * CLI by `cargo test -p partnerscore-c`), every error path (NULL arguments, bad UTF-8, the request's JSON
 * and keys, window_days that is not a whole number or is below 1, each kind of bad registration),
 * outputs only on success, *err only on failure, and four threads calling ps_dealreg at once. Run under
 * valgrind and the sanitizers by bindings/c/run-tests.sh.
 *
 * Usage: dealreg_test REPO_ROOT */
#include "one_shot.h"

/* R1's window is [2026-01-10, 2026-04-10): R2 (another partner, any product) overlaps it and loses to it;
 * 3 (P2 again) starts the day R1's window ends: clear. */
static const char REGISTRATIONS[] =
    "[{\"id\": \"R1\", \"partner_id\": \"P1\", \"customer\": \"Acme Holdings, Inc.\", \"product\": \"Firewall\","
    " \"registered_on\": \"2026-01-10\"},"
    " {\"id\": \"R2\", \"partner_id\": \"P2\", \"customer\": \"ACME holdings inc\", \"registered_on\": \"2026-03-01\","
    " \"amount\": 12000.50},"
    " {\"id\": 3, \"partner_id\": \"P2\", \"customer\": \"Acme Holdings\", \"product\": \"Firewall\","
    " \"registered_on\": \"2026-04-10\"}]";





/* A request {"registrations": REGISTRATIONS EXTRA} in a malloc'd NUL-terminated string. */
static char *request(const char *registrations, size_t rn, const char *extra) {
    struct buf b = {NULL, 0, 0};
    puts_(&b, "{\"registrations\": ");
    put(&b, registrations, rn);
    puts_(&b, extra);
    puts_(&b, "}");
    return b.data;
}

/* The small request with EXTRA members (", \"window_days\": 30"), in a malloc'd string. */
static char *small(const char *extra) {
    return request(REGISTRATIONS, strlen(REGISTRATIONS), extra);
}

/* ps_dealreg on a C string that must succeed: the JSON (ps_string_free it) or NULL. */
static char *dealreg_ok(const char *req, size_t *len) {
    return one_shot_ok(ps_dealreg, "dealreg", req, len);
}

/* ps_dealreg on a C string, expecting failure WANT with a message holding N1 and N2. */
static void expect_dealreg_error(const char *req, ps_status want, const char *n1, const char *n2) {
    expect_one_shot_error(ps_dealreg, req, want, n1, n2);
}

/* expect_dealreg_error on the small request with EXTRA members. */
static void expect_small_error(const char *extra, ps_status want, const char *n1, const char *n2) {
    char *req = small(extra);
    expect_dealreg_error(req, want, n1, n2);
    free(req);
}

/* expect_dealreg_error on a request of REGISTRATIONS (a JSON text) with EXTRA members. */
static void expect_registrations_error(const char *registrations, const char *extra, ps_status want,
                                       const char *n1, const char *n2) {
    char *req = request(registrations, strlen(registrations), extra);
    expect_dealreg_error(req, want, n1, n2);
    free(req);
}






static void test_null_arguments_of_dealreg(void) {
    char *req = small("");
    test_null_arguments(ps_dealreg, req);
    free(req);
}

static void test_invalid_utf8(void) {
    expect_dealreg_error("{\"registrations\": [],\n \"window_days\": \"3\xff\"}", PS_ERR_INVALID_UTF8,
                         "request_json: line 2, byte 40", "UTF-8");
    expect_dealreg_error("{\"registrations\": [{\"id\": \"\xc3\x28\"}]}", PS_ERR_INVALID_UTF8,
                         "request_json: line 1, byte 27", "UTF-8");
}

static void test_request_errors(void) {
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    /* Not JSON, and a zero-length buffer (an empty document, not a NULL argument). */
    expect_dealreg_error("{\"registrations\": [", PS_ERR_CONFIG, "(root): invalid JSON: ", "line 1 column 19");
    expect_dealreg_error("{\"registrations\": []} x", PS_ERR_CONFIG, "(root): invalid JSON: ", "trailing characters");
    expect_dealreg_error("{registrations: []}", PS_ERR_CONFIG, "(root): invalid JSON: ", "key must be a string");
    EXPECT_ERROR(ps_dealreg("{}", 0, &json, &len, &err), PS_ERR_CONFIG, "(root): invalid JSON: EOF", NULL);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
    /* Not an object. */
    expect_dealreg_error("[]", PS_ERR_CONFIG, "(root): the request must be a JSON object", "found an array");
    expect_dealreg_error("\"registrations\"", PS_ERR_CONFIG,
                         "(root): the request must be a JSON object ({\"registrations\": [...], \"window_days\": 90})",
                         "found \"registrations\"");
    expect_dealreg_error("null", PS_ERR_CONFIG, "(root): the request must be a JSON object", "found null");
    /* Unknown keys: the first in document order, with the keys a request takes. */
    expect_dealreg_error("{\"registrations\": [], \"zebra\": 1, \"colour\": 2}", PS_ERR_CONFIG,
                         "zebra: unknown key; a dealreg request takes registrations, window_days", NULL);
    expect_dealreg_error("{\"registrations\": [], \"window days\": 30}", PS_ERR_CONFIG, "\"window days\": unknown key",
                         NULL);
    expect_dealreg_error("{\"registrations\": [], \"as_of\": \"2026-06-30\"}", PS_ERR_CONFIG, "as_of: unknown key",
                         "a dealreg request takes");
    /* A repeated key, also when written with an escape. */
    expect_dealreg_error("{\"registrations\": [{\"id\": \"R1\"}], \"registrations\": []}", PS_ERR_CONFIG,
                         "registrations: repeated key", NULL);
    expect_dealreg_error("{\"window_days\": 30, \"registrations\": [], \"window_d\\u0061ys\": null}", PS_ERR_CONFIG,
                         "window_days: repeated key", NULL);
    /* Missing (or null) registrations, before window_days is read. */
    expect_dealreg_error("{}", PS_ERR_CONFIG, "registrations: required: a JSON array of registration objects", NULL);
    expect_dealreg_error("{\"window_days\": 30}", PS_ERR_CONFIG, "registrations: required", NULL);
    expect_dealreg_error("{\"registrations\": null, \"window_days\": \"x\"}", PS_ERR_CONFIG, "registrations: required",
                         NULL);
    /* Registrations that are not an array: an input error naming the member. */
    expect_dealreg_error("{\"registrations\": {\"id\": \"R1\"}}", PS_ERR_INPUT,
                         "registrations: must be a JSON array of objects, found an object", NULL);
    expect_dealreg_error("{\"registrations\": \"R1\"}", PS_ERR_INPUT,
                         "registrations: must be a JSON array of objects, found \"R1\"", NULL);
    expect_dealreg_error("{\"registrations\": 12}", PS_ERR_INPUT, "registrations: must be a JSON array", "found 12");
    expect_dealreg_error("{\"registrations\": [7]}", PS_ERR_INPUT, "registrations[0]: ", "JSON object");
    /* Nesting beyond serde_json's 128 levels: named at the line and column of the request. */
    char deep[401];
    memset(deep, '[', 200);
    memset(deep + 200, ']', 200);
    deep[400] = '\0';
    expect_registrations_error(deep, "", PS_ERR_INPUT,
                               "registrations: invalid JSON: recursion limit exceeded at line 1 column 146", NULL);
}

static void test_window_days_errors(void) {
    /* Not a whole number: the request's fault, PS_ERR_CONFIG at window_days. */
    expect_small_error(", \"window_days\": \"x\"", PS_ERR_CONFIG, "window_days: \"x\" is not a number", NULL);
    expect_small_error(", \"window_days\": \"\"", PS_ERR_CONFIG, "window_days: empty text is not a number", NULL);
    expect_small_error(", \"window_days\": 2.5", PS_ERR_CONFIG, "window_days: must be a whole number of days, found 2.5",
                       NULL);
    expect_small_error(", \"window_days\": true", PS_ERR_CONFIG, "window_days: must be a whole number or its text",
                       "found true");
    expect_small_error(", \"window_days\": [30]", PS_ERR_CONFIG, "window_days: must be a whole number or its text",
                       "found an array");
    expect_small_error(", \"window_days\": \"NaN\"", PS_ERR_CONFIG, "window_days: ", "NaN");
    expect_small_error(", \"window_days\": 1e20", PS_ERR_CONFIG, "window_days: must be at most 9223372036854775807",
                       NULL);
    /* Below 1: the engine's input error, as the CLI reports --window-days 0. */
    expect_small_error(", \"window_days\": 0", PS_ERR_INPUT,
                       "window_days: must be a whole number of days \xe2\x89\xa5 1, found 0", NULL);
    expect_small_error(", \"window_days\": \"-30\"", PS_ERR_INPUT, "window_days: must be a whole number of days ",
                       "found -30");
    /* As in the CLI, the registrations are read before window_days is judged... */
    const char bad[] = "[{\"id\": \"R1\", \"partner_id\": \"P1\", \"customer\": \"Acme\", \"registered_on\": \"2026-02-30\"}]";
    expect_registrations_error(bad, ", \"window_days\": 0", PS_ERR_INPUT,
                               "registrations[0] (registration R1), field registered_on: ", NULL);
    /* ...but a window_days that is not a number is found first. */
    expect_registrations_error(bad, ", \"window_days\": \"x\"", PS_ERR_CONFIG, "window_days: \"x\" is not a number",
                               NULL);
    /* A window past the year 9999: the registration is named. */
    expect_registrations_error(
        "[{\"id\": \"R1\", \"partner_id\": \"P1\", \"customer\": \"Acme\", \"registered_on\": \"9999-12-01\"}]", "",
        PS_ERR_INPUT, "registrations[0] (registration R1): registered_on 9999-12-01 + 90 days", "9999");
}

/* expect_dealreg_error on the registrations [FIRST, SECOND] with window_days 30. */
static void expect_second_error(const char *second, const char *n1, const char *n2) {
    struct buf b = {NULL, 0, 0};
    puts_(&b, "[{\"id\": \"R1\", \"partner_id\": \"P1\", \"customer\": \"Acme\", \"registered_on\": \"2026-01-10\"},\n ");
    puts_(&b, second);
    puts_(&b, "]");
    expect_registrations_error(b.data, ", \"window_days\": 30", PS_ERR_INPUT, n1, n2);
    free(b.data);
}

static void test_registration_errors(void) {
    /* A bad date. */
    expect_second_error("{\"id\": \"R2\", \"partner_id\": \"P2\", \"customer\": \"Globex\", \"registered_on\": \"2026-02-30\"}",
                        "registrations[1] (registration R2), field registered_on: ",
                        "\"2026-02-30\" is not a date (YYYY-MM-DD)");
    expect_second_error("{\"id\": \"R2\", \"partner_id\": \"P2\", \"customer\": \"Globex\", \"registered_on\": \"2026-01-11\","
                        " \"expires_on\": \"soon\"}",
                        "registrations[1] (registration R2), field expires_on: ", "not a date");
    /* expires_on on or before registered_on. */
    expect_second_error("{\"id\": \"R2\", \"partner_id\": \"P2\", \"customer\": \"Globex\", \"registered_on\": \"2026-01-10\","
                        " \"expires_on\": \"2026-01-10\"}",
                        "registrations[1] (registration R2), field expires_on: ",
                        "expires_on 2026-01-10 is not after registered_on 2026-01-10");
    expect_second_error("{\"id\": \"R2\", \"partner_id\": \"P2\", \"customer\": \"Globex\", \"registered_on\": \"2026-01-10\","
                        " \"expires_on\": \"2025-12-31\"}",
                        "registrations[1] (registration R2), field expires_on: ", "is not after registered_on");
    /* A duplicate id (a numeric id is its text). */
    expect_second_error("{\"id\": \"R1\", \"partner_id\": \"P2\", \"customer\": \"Globex\", \"registered_on\": \"2026-01-11\"}",
                        "registrations[1] (registration R1): ",
                        "registration id R1 is already used at registrations[0] (registration R1)");
    /* A customer name that normalizes to nothing. */
    expect_second_error("{\"id\": \"R2\", \"partner_id\": \"P2\", \"customer\": \"***\", \"registered_on\": \"2026-01-11\"}",
                        "registrations[1] (registration R2), field customer: ",
                        "customer name \"***\" normalizes to nothing");
    expect_second_error("{\"id\": \"R2\", \"partner_id\": \"P2\", \"customer\": \" -- \", \"registered_on\": \"2026-01-11\"}",
                        "registrations[1] (registration R2), field customer: ", "normalizes to nothing");
    /* An amount that is not a decimal, a missing field, a wrong JSON type. */
    expect_second_error("{\"id\": \"R2\", \"partner_id\": \"P2\", \"customer\": \"Globex\", \"registered_on\": \"2026-01-11\","
                        " \"amount\": \"lots\"}",
                        "registrations[1] (registration R2), field amount: ", "not a number");
    expect_second_error("{\"id\": \"R2\", \"customer\": \"Globex\", \"registered_on\": \"2026-01-11\"}",
                        "registrations[1] (registration R2), field partner_id: ", NULL);
    expect_second_error("{\"partner_id\": \"P2\", \"customer\": \"Globex\"}", "registrations[1], field id: ", NULL);
    expect_second_error("{\"id\": \"R2\", \"partner_id\": \"P2\", \"customer\": [\"Globex\"], \"registered_on\": \"2026-01-11\"}",
                        "registrations[1], field customer: ", NULL);
}

/* Hand-checked answers on the small registrations; only len bytes are read; null members are absent. */
static void test_small_inputs(void) {
    size_t len;
    char *req = small("");
    char *json = dealreg_ok(req, &len);
    if (json != NULL) {
        CHECK_CONTAINS(json, "{\"window_days\":90,\"registrations\":[");
        CHECK_CONTAINS(json, "{\"id\":\"R1\",\"partner_id\":\"P1\",\"customer_key\":\"acme holdings\",\"status\":\"won\","
                             "\"lost_to\":null}");
        CHECK_CONTAINS(json, "{\"id\":\"R2\",\"partner_id\":\"P2\",\"customer_key\":\"acme holdings\",\"status\":\"lost\","
                             "\"lost_to\":\"R1\"}");
        CHECK_CONTAINS(json, "{\"id\":\"3\",\"partner_id\":\"P2\",\"customer_key\":\"acme holdings\",\"status\":\"clear\"");
        CHECK_CONTAINS(json, "\"conflicts\":[{\"customer_key\":\"acme holdings\",\"product\":\"Firewall\",\"winner\":\"R1\","
                             "\"winner_partner_id\":\"P1\",\"winner_expires_on\":\"2026-04-10\",\"losers\":[\"R2\"]}]}");
        CHECK(json[len - 1] == '\n');
        /* The same request with window_days null, 90 or "90" is the same report. */
        const char *same[3] = {", \"window_days\": null", ", \"window_days\": 90", ", \"window_days\": \"90\""};
        for (int i = 0; i < 3; i++) {
            char *other = small(same[i]);
            size_t other_len;
            char *again = dealreg_ok(other, &other_len);
            CHECK(again != NULL && other_len == len && memcmp(again, json, len) == 0);
            ps_string_free(again);
            free(other);
        }
        /* Only len bytes are read: bad bytes after them are not seen. */
        test_reads_only_len(ps_dealreg, req, json, len);
        ps_string_free(json);
    }
    free(req);
    /* A 30-day window: R1 ends 2026-02-09, before R2 starts: no conflict. */
    req = small(", \"window_days\": 30");
    json = dealreg_ok(req, &len);
    if (json != NULL) {
        CHECK_CONTAINS(json, "{\"window_days\":30,");
        CHECK_CONTAINS(json, "\"status\":\"clear\",\"lost_to\":null}],\"conflicts\":[]}\n");
        CHECK(strstr(json, "\"lost\"") == NULL && strstr(json, "\"won\"") == NULL);
        ps_string_free(json);
    }
    free(req);
    /* No registrations. */
    json = dealreg_ok("{\"registrations\": []}", &len);
    if (json != NULL) {
        CHECK(strcmp(json, "{\"window_days\":90,\"registrations\":[],\"conflicts\":[]}\n") == 0);
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

    size_t rn;
    char *registrations = read_exact(root, "examples/registrations.json", &rn);
    struct sample samples[2];
    samples[0].name = "dealreg_sample.json";
    samples[1].name = "dealreg_sample_window30.json";
    char *texts[2] = {
        request(registrations, rn, ""),
        request(registrations, rn, ",\n \"window_days\": 30"),
    };
    for (int i = 0; i < 2; i++) {
        make_sample(&samples[i], samples[i].name, texts[i], c_dir);
    }
    free(registrations);
    free(c_dir);

    /* The window changes the judgement of the sample. */
    CHECK_CONTAINS(samples[0].golden, "{\"window_days\":90,");
    CHECK_CONTAINS(samples[1].golden, "{\"window_days\":30,");
    /* The CLI's JSON for the sample, byte for byte, any number of times, then from four threads. */
    test_samples(ps_dealreg, samples);

    test_null_arguments_of_dealreg();
    test_invalid_utf8();
    test_request_errors();
    test_window_days_errors();
    test_registration_errors();
    test_small_inputs();

    if (test_failures > 0) {
        fprintf(stderr, "dealreg_test: %d check(s) failed\n", test_failures);
        return 1;
    }
    printf("dealreg_test: all checks passed, %d threads x %d rounds (libpartnerscore %s)\n", THREADS, ROUNDS,
           ps_version());
    return 0;
}
