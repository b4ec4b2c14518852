/* What the tests of the one-shot analyses share (health_test.c: ps_health, dealreg_test.c: ps_dealreg,
 * track_test.c: ps_track): every one takes one JSON request and returns the CLI's JSON, so calling one,
 * checking its errors, its golden samples from several threads and its NULL arguments is the same code
 * with another function. */
#ifndef PARTNERSCORE_ONE_SHOT_H
#define PARTNERSCORE_ONE_SHOT_H

#include <pthread.h>

#include "expect.h"

#define THREADS 4
#define ROUNDS 3

/* ps_health, ps_dealreg, ps_track. */
typedef ps_status (*one_shot_fn)(const char *request_json, size_t request_len, char **out_json, size_t *out_len,
                                 ps_error **err);

/* A repository file in a malloc'd buffer of exactly its size (no NUL). */
static inline char *read_exact(const char *root, const char *rel, size_t *len) {
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

/* Appends N bytes to a growing buffer (kept NUL-terminated). */
struct buf {
    char *data;
    size_t len, cap;
};

static inline void put(struct buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap) {
            cap *= 2;
        }
        char *bigger = realloc(b->data, cap);
        if (bigger == NULL) {
            exit(2);
        }
        b->data = bigger;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static inline void puts_(struct buf *b, const char *s) {
    put(b, s, strlen(s));
}

/* Calls CALL on a C string that must succeed; returns the JSON (ps_string_free it) or NULL. */
static inline char *one_shot_ok(one_shot_fn call, const char *what, const char *req, size_t *len) {
    char *json = JSON_SENTINEL;
    *len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    ps_status s = call(req, strlen(req), &json, len, &err);
    CHECK(s == PS_OK);
    if (s != PS_OK) {
        fprintf(stderr, "%s: %s\n", what, err != ERR_SENTINEL ? ps_error_message(err) : "(no error object)");
        if (err != ERR_SENTINEL) {
            ps_error_free(err);
        }
        return NULL;
    }
    CHECK(err == ERR_SENTINEL);
    CHECK(json != JSON_SENTINEL && json != NULL && *len == strlen(json));
    return json;
}

/* Calls CALL on a C string, expecting failure WANT with a message holding N1 and N2; then again without
 * an error pointer (the status alone). Outputs stay untouched. */
static inline void expect_one_shot_error(one_shot_fn call, const char *req, ps_status want, const char *n1,
                                         const char *n2) {
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    EXPECT_ERROR(call(req, strlen(req), &json, &len, &err), want, n1, n2);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
    CHECK(call(req, strlen(req), &json, &len, NULL) == want);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
}

/* A sample request (exact size, no NUL) and the report it must give. */
struct sample {
    const char *name;
    char *request;
    size_t request_len;
    char *golden; /* the golden file in the CLI's compact form */
    size_t golden_len;
};

/* Fills SM: an exact-size copy of the request TEXT (freed here: the library must stop at len) and the
 * golden file NAME under C_DIR/tests/golden, compacted. */
static inline void make_sample(struct sample *sm, const char *name, char *text, const char *c_dir) {
    sm->name = name;
    sm->request_len = strlen(text);
    sm->request = malloc(sm->request_len > 0 ? sm->request_len : 1);
    if (sm->request == NULL) {
        exit(2);
    }
    memcpy(sm->request, text, sm->request_len);
    free(text);
    sm->golden = golden_cli_json(c_dir, name, &sm->golden_len);
}

static inline void free_sample(struct sample *sm) {
    free(sm->request);
    free(sm->golden);
}

/* Calls CALL on the sample once; 0 when the report is the golden one, else 1 (reported). */
static inline int run_sample(one_shot_fn call, const struct sample *sm, const char *what) {
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    ps_status s = call(sm->request, sm->request_len, &json, &len, &err);
    if (s != PS_OK) {
        fprintf(stderr, "%s (%s): status %d: %s\n", what, sm->name, (int)s,
                err != ERR_SENTINEL ? ps_error_message(err) : "");
        if (err != ERR_SENTINEL) {
            ps_error_free(err);
        }
        return 1;
    }
    int failed = err != ERR_SENTINEL || json == JSON_SENTINEL || json == NULL || len != strlen(json) ||
                 len != sm->golden_len || memcmp(json, sm->golden, len) != 0;
    if (failed && json != JSON_SENTINEL && json != NULL) {
        show_difference(sm->name, sm->golden, sm->golden_len, json, len);
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
    one_shot_fn call;
    const struct sample *samples;
    int index;
    int failures;
};

static inline void *run_rounds(void *arg) {
    struct job *job = arg;
    char what[64];
    for (int round = 0; round < ROUNDS; round++) {
        snprintf(what, sizeof what, "thread %d round %d", job->index, round);
        /* Threads alternate between the two samples, so different requests run at once too. */
        job->failures += run_sample(job->call, &job->samples[(job->index + round) % 2], what);
    }
    return NULL;
}

/* THREADS threads call CALL at once; every report is its golden one. */
static inline void test_threads(one_shot_fn call, const struct sample samples[2]) {
    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    int started = 0;
    for (int t = 0; t < THREADS; t++) {
        jobs[t].call = call;
        jobs[t].samples = samples;
        jobs[t].index = t;
        jobs[t].failures = 0;
        if (pthread_create(&threads[t], NULL, run_rounds, &jobs[t]) != 0) {
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

/* Runs each of the two samples twice (the CLI's JSON byte for byte each time), checks that they are two
 * different reports, then from THREADS threads; frees them. */
static inline void test_samples(one_shot_fn call, struct sample samples[2]) {
    for (int i = 0; i < 2; i++) {
        CHECK(run_sample(call, &samples[i], "first call") == 0);
        CHECK(run_sample(call, &samples[i], "second call") == 0);
    }
    CHECK(samples[0].golden_len != samples[1].golden_len ||
          memcmp(samples[0].golden, samples[1].golden, samples[0].golden_len) != 0);
    test_threads(call, samples);
    for (int i = 0; i < 2; i++) {
        free_sample(&samples[i]);
    }
}

/* Only the REQ's length is read: the same request followed by bad bytes gives the same report JSON
 * (LEN bytes). */
static inline void test_reads_only_len(one_shot_fn call, const char *req, const char *json, size_t len) {
    size_t n = strlen(req);
    char *padded = malloc(n + 8);
    if (padded == NULL) {
        return;
    }
    memcpy(padded, req, n);
    memcpy(padded + n, "} \xff\xfe junk", 8);
    char *out = JSON_SENTINEL;
    size_t out_len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    ps_status s = call(padded, n, &out, &out_len, &err);
    CHECK(s == PS_OK && err == ERR_SENTINEL);
    if (s == PS_OK) {
        CHECK(out_len == len && memcmp(out, json, len) == 0);
        ps_string_free(out);
    } else if (err != ERR_SENTINEL) {
        ps_error_free(err);
    }
    free(padded);
}

/* NULL arguments are errors naming the argument, checked before the request's bytes; REQ is a valid
 * request. */
static inline void test_null_arguments(one_shot_fn call, const char *req) {
    size_t n = strlen(req);
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    EXPECT_ERROR(call(NULL, n, &json, &len, &err), PS_ERR_NULL_ARGUMENT, "request_json: NULL", NULL);
    EXPECT_ERROR(call(req, n, NULL, &len, &err), PS_ERR_NULL_ARGUMENT, "out_json: NULL", NULL);
    EXPECT_ERROR(call(req, n, &json, NULL, &err), PS_ERR_NULL_ARGUMENT, "out_len: NULL", NULL);
    /* NULL wins over other problems: the pointers are checked before the bytes. */
    EXPECT_ERROR(call("\xff", 1, &json, NULL, &err), PS_ERR_NULL_ARGUMENT, "out_len: NULL", NULL);
    EXPECT_ERROR(call(NULL, 0, &json, &len, &err), PS_ERR_NULL_ARGUMENT, "request_json: NULL", NULL);
    CHECK(call(NULL, 0, NULL, NULL, NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(call(req, n, NULL, &len, NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
    ps_string_free(NULL);
    ps_error_free(NULL);
}

#endif
