/* The achievement plan from C (ps_plan_new / ps_plan_solve / ps_plan_free): golden parity with
 * `partnerscore plan --format json` on the sample plan, partners and history (JSON), every error path
 * (NULL arguments, bad UTF-8, config errors with their path, history, partner and capacity errors),
 * outputs only on success, *err only on failure, ps_plan_free(NULL), and four threads sharing one plan.
 * Run under valgrind and the sanitizers by bindings/c/run-tests.sh.
 *
 * Usage: plan_test REPO_ROOT */
#include <pthread.h>

#include "expect.h"

#define PLAN_SENTINEL ((ps_plan *)OBJECT_SENTINEL)
#define THREADS 4
#define ROUNDS 3

/* Two strategies (invest: 10 hours, none: 0 hours) and 10 hours for the manager. */
static const char GOOD_PLAN[] =
    "{\"name\": \"p\", \"goal\": {\"target\": 1000}, \"capacity_hours\": 10,"
    " \"strategies\": [{\"name\": \"invest\", \"hours\": 10, \"capture\": \"0.5\"},"
    " {\"name\": \"none\", \"hours\": 0, \"capture\": 0}],"
    " \"avg_deal_size\": 100, \"win_rate\": \"0.25\", \"deals_per_rep\": 4}";
static const char PARTNERS[] = "[{\"id\": \"A\", \"category\": \"MSP\", \"potential\": 500, \"sales_reps\": 1},"
                               " {\"id\": \"B\", \"category\": \"MSP\"}]";
static const char HISTORY[] = "[{\"partner_id\": \"A\", \"period\": \"2026-Q1\", \"revenue\": 50},"
                              " {\"partner_id\": \"B\", \"period\": \"2026-Q1\", \"revenue\": \"80\"}]";

/* A repository file in a malloc'd buffer of exactly its size (no NUL: the library must stop at len). */
static char *read_exact(const char *root, const char *rel, size_t *len) {
    char *path = join_path(root, rel);
    char *text = read_file(path, len);
    free(path);
    char *exact = malloc(*len > 0 ? *len : 1);
    if (exact == NULL) {
        exit(2);
    }
    memcpy(exact, text, *len);
    free(text);
    return exact;
}

/* Creates a plan from a buffer that must be valid. */
static ps_plan *plan_from(const char *json, size_t len) {
    ps_plan *plan = NULL;
    ps_error *err = ERR_SENTINEL;
    ps_status s = ps_plan_new(json, len, &plan, &err);
    CHECK(s == PS_OK);
    CHECK(s != PS_OK || err == ERR_SENTINEL);
    CHECK(s != PS_OK || plan != NULL);
    if (s != PS_OK && err != ERR_SENTINEL) {
        fprintf(stderr, "plan: %s\n", ps_error_message(err));
        ps_error_free(err);
    }
    return s == PS_OK ? plan : NULL;
}

/* Solves with C strings that must succeed; returns the JSON (ps_string_free it) or NULL. */
static char *solve_ok(const ps_plan *plan, const char *partners, const char *history, size_t *len) {
    char *json = JSON_SENTINEL;
    *len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    ps_status s = ps_plan_solve(plan, partners, strlen(partners), history, strlen(history), &json, len, &err);
    CHECK(s == PS_OK);
    if (s != PS_OK) {
        fprintf(stderr, "solve: %s\n", err != ERR_SENTINEL ? ps_error_message(err) : "(no error object)");
        if (err != ERR_SENTINEL) {
            ps_error_free(err);
        }
        return NULL;
    }
    CHECK(err == ERR_SENTINEL);
    CHECK(json != JSON_SENTINEL && json != NULL && *len == strlen(json));
    return json;
}

/* The sample inputs and the report every solve of them must give. */
struct sample {
    const ps_plan *plan;
    const char *partners;
    size_t partners_len;
    const char *history;
    size_t history_len;
    const char *golden; /* tests/golden/plan_sample.json in the CLI's compact form */
    size_t golden_len;
};

/* Solves the sample once; 0 when the report is the golden one, else 1 (reported on stderr). */
static int solve_sample(const struct sample *sm, const char *what) {
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    ps_status s =
        ps_plan_solve(sm->plan, sm->partners, sm->partners_len, sm->history, sm->history_len, &json, &len, &err);
    if (s != PS_OK) {
        fprintf(stderr, "%s: status %d: %s\n", what, (int)s, err != ERR_SENTINEL ? ps_error_message(err) : "");
        if (err != ERR_SENTINEL) {
            ps_error_free(err);
        }
        return 1;
    }
    int failed = err != ERR_SENTINEL || json == JSON_SENTINEL || json == NULL || len != strlen(json) ||
                 len != sm->golden_len || memcmp(json, sm->golden, len) != 0;
    if (failed && json != JSON_SENTINEL && json != NULL) {
        show_difference(what, sm->golden, sm->golden_len, json, len);
    }
    if (json != JSON_SENTINEL && json != NULL) {
        /* The text is the caller's to change (char *): freeing it does not depend on its contents. */
        json[0] = '\0';
        json[len / 2] = '\0';
        ps_string_free(json);
    }
    return failed;
}

struct job {
    const struct sample *sample;
    int index;
    int failures;
};

static void *solve_rounds(void *arg) {
    struct job *job = arg;
    char what[64];
    for (int round = 0; round < ROUNDS; round++) {
        snprintf(what, sizeof what, "thread %d round %d", job->index, round);
        job->failures += solve_sample(job->sample, what);
    }
    return NULL;
}

/* Four threads solve with one plan at once; every report is the golden one. */
static void test_threads(const struct sample *sm) {
    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    int started = 0;
    for (int t = 0; t < THREADS; t++) {
        jobs[t].sample = sm;
        jobs[t].index = t;
        jobs[t].failures = 0;
        if (pthread_create(&threads[t], NULL, solve_rounds, &jobs[t]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            test_failures++;
            break;
        }
        started++;
    }
    for (int t = 0; t < started; t++) {
        pthread_join(threads[t], NULL);
        CHECK(jobs[t].failures == 0);
    }
}

static void test_null_arguments(const ps_plan *plan) {
    ps_plan *out = PLAN_SENTINEL;
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    const size_t pn = strlen(PARTNERS), hn = strlen(HISTORY);
    EXPECT_ERROR(ps_plan_new(NULL, 10, &out, &err), PS_ERR_NULL_ARGUMENT, "config_json: NULL", NULL);
    EXPECT_ERROR(ps_plan_new(GOOD_PLAN, strlen(GOOD_PLAN), NULL, &err), PS_ERR_NULL_ARGUMENT, "out: NULL", NULL);
    CHECK(ps_plan_new(NULL, 0, NULL, NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(out == PLAN_SENTINEL);

    EXPECT_ERROR(ps_plan_solve(NULL, PARTNERS, pn, HISTORY, hn, &json, &len, &err), PS_ERR_NULL_ARGUMENT,
                 "plan: NULL", NULL);
    EXPECT_ERROR(ps_plan_solve(plan, NULL, pn, HISTORY, hn, &json, &len, &err), PS_ERR_NULL_ARGUMENT,
                 "partners_json: NULL", NULL);
    EXPECT_ERROR(ps_plan_solve(plan, PARTNERS, pn, NULL, hn, &json, &len, &err), PS_ERR_NULL_ARGUMENT,
                 "history_json: NULL", NULL);
    EXPECT_ERROR(ps_plan_solve(plan, PARTNERS, pn, HISTORY, hn, NULL, &len, &err), PS_ERR_NULL_ARGUMENT,
                 "out_json: NULL", NULL);
    EXPECT_ERROR(ps_plan_solve(plan, PARTNERS, pn, HISTORY, hn, &json, NULL, &err), PS_ERR_NULL_ARGUMENT,
                 "out_len: NULL", NULL);
    /* NULL wins over other problems: the pointers are checked before the bytes. */
    EXPECT_ERROR(ps_plan_solve(plan, "\xff", 1, HISTORY, hn, &json, NULL, &err), PS_ERR_NULL_ARGUMENT,
                 "out_len: NULL", NULL);
    CHECK(ps_plan_solve(NULL, NULL, 0, NULL, 0, NULL, NULL, NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(ps_plan_solve(plan, PARTNERS, pn, NULL, hn, &json, &len, NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
    ps_plan_free(NULL);
    ps_string_free(NULL);
    ps_error_free(NULL);
}

static void test_invalid_utf8(const ps_plan *plan) {
    ps_plan *out = PLAN_SENTINEL;
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    const char bad_plan[] = "{\"name\": \"caf\xe9\"}";
    EXPECT_ERROR(ps_plan_new(bad_plan, strlen(bad_plan), &out, &err), PS_ERR_INVALID_UTF8,
                 "config_json: line 1, byte 13", "UTF-8");
    CHECK(out == PLAN_SENTINEL);
    const char bad_partners[] = "[{\"id\": \"A\"},\n {\"id\": \"\xc3\x28\"}]";
    EXPECT_ERROR(ps_plan_solve(plan, bad_partners, strlen(bad_partners), HISTORY, strlen(HISTORY), &json, &len, &err),
                 PS_ERR_INVALID_UTF8, "partners_json: line 2, byte 23", "UTF-8");
    const char bad_history[] = "[{\"partner_id\": \"A\xff\"}]";
    EXPECT_ERROR(ps_plan_solve(plan, PARTNERS, strlen(PARTNERS), bad_history, strlen(bad_history), &json, &len, &err),
                 PS_ERR_INVALID_UTF8, "history_json: line 1, byte 18", "UTF-8");
    /* Both bad: the partners are checked first. */
    EXPECT_ERROR(ps_plan_solve(plan, "\xff", 1, "\xff", 1, &json, &len, &err), PS_ERR_INVALID_UTF8,
                 "partners_json: ", NULL);
    CHECK(ps_plan_solve(plan, PARTNERS, strlen(PARTNERS), "\xff", 1, &json, &len, NULL) == PS_ERR_INVALID_UTF8);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
}

/* GOOD_PLAN with the first FROM replaced by TO, in BUF. */
static const char *plan_with(char *buf, size_t cap, const char *from, const char *to) {
    const char *at = strstr(GOOD_PLAN, from);
    CHECK(at != NULL);
    if (at == NULL) {
        return GOOD_PLAN;
    }
    size_t head = (size_t)(at - GOOD_PLAN);
    int n = snprintf(buf, cap, "%.*s%s%s", (int)head, GOOD_PLAN, to, at + strlen(from));
    CHECK(n > 0 && (size_t)n < cap);
    return buf;
}

static void test_config_errors(void) {
    ps_plan *out = PLAN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    char buf[1024];
    const char *c;
    c = plan_with(buf, sizeof buf, "\"hours\": 10", "\"hours\": 10.5");
    EXPECT_ERROR(ps_plan_new(c, strlen(c), &out, &err), PS_ERR_CONFIG, "strategies[0].hours: ", "whole number");
    c = plan_with(buf, sizeof buf, "\"capture\": \"0.5\"", "\"capture\": \"1.5\"");
    EXPECT_ERROR(ps_plan_new(c, strlen(c), &out, &err), PS_ERR_CONFIG, "strategies[0].capture: ", "[0, 1]");
    c = plan_with(buf, sizeof buf, "\"capacity_hours\": 10", "\"capacity_hours\": -1");
    EXPECT_ERROR(ps_plan_new(c, strlen(c), &out, &err), PS_ERR_CONFIG, "capacity_hours: ", NULL);
    c = plan_with(buf, sizeof buf, "\"goal\": {\"target\": 1000}", "\"goal\": {\"prior_revenue\": 9, \"growth\": -2}");
    EXPECT_ERROR(ps_plan_new(c, strlen(c), &out, &err), PS_ERR_CONFIG, "goal.growth: ", NULL);
    c = plan_with(buf, sizeof buf, "\"name\": \"none\"", "\"name\": \"invest\"");
    EXPECT_ERROR(ps_plan_new(c, strlen(c), &out, &err), PS_ERR_CONFIG, "strategies[1].name: ", "duplicate");
    c = plan_with(buf, sizeof buf, "\"avg_deal_size\": 100", "\"avg_deal_size\": 0");
    EXPECT_ERROR(ps_plan_new(c, strlen(c), &out, &err), PS_ERR_CONFIG, "avg_deal_size: ", "> 0");
    c = plan_with(buf, sizeof buf, "\"name\": \"p\",", "\"name\": \"p\", \"colour\": 1,");
    EXPECT_ERROR(ps_plan_new(c, strlen(c), &out, &err), PS_ERR_CONFIG, "colour", NULL);
    const char truncated[] = "{\"name\": \"p\", ";
    EXPECT_ERROR(ps_plan_new(truncated, strlen(truncated), &out, &err), PS_ERR_CONFIG, "invalid JSON", NULL);
    /* A zero-length buffer is an empty document, not a NULL argument. */
    EXPECT_ERROR(ps_plan_new(truncated, 0, &out, &err), PS_ERR_CONFIG, "invalid JSON", NULL);
    CHECK(ps_plan_new(truncated, strlen(truncated), &out, NULL) == PS_ERR_CONFIG);
    CHECK(out == PLAN_SENTINEL);
}

/* Calls ps_plan_solve on C strings, expecting failure WANT with a message holding N1 and N2. */
static void expect_solve_error(const ps_plan *plan, const char *partners, const char *history, ps_status want,
                               const char *n1, const char *n2) {
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    EXPECT_ERROR(ps_plan_solve(plan, partners, strlen(partners), history, strlen(history), &json, &len, &err), want,
                 n1, n2);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
    /* Without an error pointer: the status alone. */
    CHECK(ps_plan_solve(plan, partners, strlen(partners), history, strlen(history), &json, &len, NULL) == want);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
}

static void test_input_errors(const ps_plan *plan) {
    /* History: a repeated partner/period names both rows; a period that does not parse; bad JSON. */
    expect_solve_error(plan, PARTNERS,
                       "[{\"partner_id\": \"A\", \"period\": \"2026-Q1\"}, {\"partner_id\": \"A\", \"period\": "
                       "\"2026-Q1\"}]",
                       PS_ERR_INPUT, "history[1] (partner A): ", "already has period 2026-Q1 at history[0]");
    expect_solve_error(plan, PARTNERS, "[{\"partner_id\": \"A\", \"period\": \"2026-Q5\", \"revenue\": 1}]",
                       PS_ERR_INPUT, "history[0] (partner A): ", "\"2026-Q5\"");
    expect_solve_error(plan, PARTNERS, "[{\"partner_id\": \"A\", \"period\": \"2026-Q1\", \"revenue\": \"lots\"}]",
                       PS_ERR_INPUT, "history", "revenue");
    expect_solve_error(plan, PARTNERS, "[{\"partner_id\": \"A\", ", PS_ERR_INPUT, "history line 1, column ",
                       "invalid JSON");
    expect_solve_error(plan, PARTNERS, "{}", PS_ERR_INPUT, "history: ", "JSON array");
    /* Partners: a field that is not a number, a repeated id, not JSON. */
    expect_solve_error(plan, "[{\"id\": \"A\", \"potential\": \"big\"}]", HISTORY, PS_ERR_INPUT,
                       "partners[0] (partner A), field potential: ", "not a number");
    expect_solve_error(plan, "[{\"id\": \"A\", \"sales_reps\": 2.5}]", HISTORY, PS_ERR_INPUT,
                       "partners[0] (partner A), field sales_reps: ", "whole number");
    expect_solve_error(plan, "[{\"id\": \"A\"}, {\"id\": \"A\"}]", HISTORY, PS_ERR_INPUT, "partners[1] (partner A)",
                       "duplicate");
    expect_solve_error(plan, "[{\"id\": \"A\"", HISTORY, PS_ERR_INPUT, "line 1, column ", "invalid JSON");
    /* CSV is not accepted: two data inputs, so JSON only. */
    expect_solve_error(plan, "id,potential\nA,5\n", HISTORY, PS_ERR_INPUT, "invalid JSON", NULL);
    expect_solve_error(plan, PARTNERS, "partner_id,period,revenue\nA,2026-Q1,50\n", PS_ERR_INPUT, "history line 1",
                       "invalid JSON");
}

/* Capacity below every partner's cheapest strategy: an input error naming the hours needed. */
static void test_infeasible_capacity(void) {
    char buf[1024];
    const char *c = plan_with(buf, sizeof buf, "\"hours\": 0", "\"hours\": 6");
    ps_plan *plan = plan_from(c, strlen(c));
    if (plan == NULL) {
        return;
    }
    expect_solve_error(plan, PARTNERS, HISTORY, PS_ERR_INPUT,
                       "capacity_hours: the 2 partners need at least 12 hours (6 each at the cheapest strategy)",
                       "capacity_hours is 10");
    ps_plan_free(plan);
}

/* Hand-checked answers; only len bytes are read; empty partners and history. */
static void test_small_inputs(const ps_plan *plan) {
    size_t len;
    char *json = solve_ok(plan, PARTNERS, HISTORY, &len);
    if (json != NULL) {
        /* A: baseline 50 x 4 = 200, potential 500, headroom 300, invest: uplift 150, expected 350. */
        CHECK_CONTAINS(json, "{\"target\":\"1000.00\",\"baseline_total\":\"520.00\",");
        CHECK_CONTAINS(json, "{\"id\":\"A\",\"baseline\":\"200.00\",\"potential\":\"500.00\",\"headroom\":\"300.00\","
                             "\"strategy\":\"invest\",\"hours\":10,\"uplift\":\"150.00\",\"expected\":\"350.00\"");
        CHECK_CONTAINS(json, "\"gap\":\"330.00\"");
        CHECK(json[len - 1] == '\n');
        ps_string_free(json);
    }
    const char partners[] = "[{\"id\": \"A\"}]trailing bytes past len \xff";
    const char history[] = "[]\xff";
    char *out = JSON_SENTINEL;
    size_t out_len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    ps_status s = ps_plan_solve(plan, partners, strlen("[{\"id\": \"A\"}]"), history, 2, &out, &out_len, &err);
    CHECK(s == PS_OK && err == ERR_SENTINEL);
    if (s == PS_OK) {
        CHECK_CONTAINS(out, "\"baseline_total\":\"0.00\"");
        CHECK_CONTAINS(out, "\"history_rows_ignored\":0");
        ps_string_free(out);
    } else if (err != ERR_SENTINEL) {
        ps_error_free(err);
    }
    json = solve_ok(plan, "[]", HISTORY, &len);
    if (json != NULL) {
        CHECK_CONTAINS(json, "\"gap\":\"1000.00\"");
        CHECK_CONTAINS(json, "\"history_rows_ignored\":2");
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

    struct sample sm;
    size_t config_len, partners_len, history_len, golden_len;
    char *config = read_exact(root, "examples/plan.json", &config_len);
    char *partners = read_exact(root, "examples/partners.json", &partners_len);
    char *history = read_exact(root, "examples/history.json", &history_len);
    char *golden = golden_cli_json(root, "plan_sample.json", &golden_len);
    ps_plan *plan = plan_from(config, config_len);
    free(config);
    if (plan == NULL) {
        return 1;
    }
    sm.plan = plan;
    sm.partners = partners;
    sm.partners_len = partners_len;
    sm.history = history;
    sm.history_len = history_len;
    sm.golden = golden;
    sm.golden_len = golden_len;
    /* The CLI's JSON for the sample, byte for byte; a plan solves any number of times. */
    CHECK(solve_sample(&sm, "examples (first solve)") == 0);
    CHECK(solve_sample(&sm, "examples (second solve)") == 0);
    test_threads(&sm);
    ps_plan_free(plan);
    free(partners);
    free(history);
    free(golden);

    ps_plan *small = plan_from(GOOD_PLAN, strlen(GOOD_PLAN));
    if (small == NULL) {
        return 1;
    }
    test_null_arguments(small);
    test_invalid_utf8(small);
    test_config_errors();
    test_input_errors(small);
    test_infeasible_capacity();
    test_small_inputs(small);
    ps_plan_free(small);

    if (test_failures > 0) {
        fprintf(stderr, "plan_test: %d check(s) failed\n", test_failures);
        return 1;
    }
    printf("plan_test: all checks passed, %d threads x %d rounds on one plan (libpartnerscore %s)\n", THREADS, ROUNDS,
           ps_version());
    return 0;
}
