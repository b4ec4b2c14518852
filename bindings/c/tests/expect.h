/* What the API tests of every ps_<thing> family share (api_test.c: the scorecard, profile_test.c: the
 * profile): sentinels the library must not overwrite, checking a failed call's status and error object,
 * and golden parity of a report from both sample partner files. */
#ifndef PARTNERSCORE_EXPECT_H
#define PARTNERSCORE_EXPECT_H

#include "partnerscore.h"
#include "test_util.h"

/* Values the library must not overwrite: pointers never dereferenced, only compared. */
static char sentinel_storage[3];
#define ERR_SENTINEL ((ps_error *)(void *)&sentinel_storage[0])
#define OBJECT_SENTINEL ((void *)&sentinel_storage[1])
#define JSON_SENTINEL (&sentinel_storage[2])
#define LEN_SENTINEL ((size_t)987654321)

/* Checks a failed call: its status, the error object's code and message, and frees the object. */
static inline void expect_error(ps_status got, ps_status want, ps_error *err, const char *needle1,
                                const char *needle2) {
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

/* A ps_<thing>_<verb> taking partners (ps_scorecard_score, ps_profile_evaluate), its object as void *. */
typedef ps_status (*report_fn)(const void *object, const char *partners, size_t partners_len, ps_format format,
                               char **out_json, size_t *out_len, ps_error **err);

/* The report of OBJECT from both sample partner files (CSV and JSON) equals tests/golden/GOLDEN in the
 * CLI's form, byte for byte; outputs written and *err untouched on success. */
static inline void expect_golden_reports(const char *root, const void *object, report_fn report,
                                         const char *golden_name) {
    size_t golden_len;
    char *golden = golden_cli_json(root, golden_name, &golden_len);
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
        ps_status s = report(object, exact, len, formats[i], &json, &json_len, &err);
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
            fprintf(stderr, "%s (%s): %s\n", files[i], golden_name, ps_error_message(err));
            ps_error_free(err);
        }
        free(exact);
        free(partners);
        free(path);
    }
    free(golden);
}

/* The checks every report function makes before it reads the partners, for OBJECT (a live object named
 * OBJECT_NAME in messages): NULL for each pointer is PS_ERR_NULL_ARGUMENT naming it, partners that are
 * not UTF-8 are PS_ERR_INVALID_UTF8 naming the line, err == NULL gives the status alone, and the outputs
 * stay untouched. */
static inline void expect_report_argument_errors(const void *object, report_fn report, const char *object_name) {
    const char *p = "id,name\nP1,A\n";
    size_t n = strlen(p);
    char *json = JSON_SENTINEL;
    size_t len = LEN_SENTINEL;
    ps_error *err = ERR_SENTINEL;
    EXPECT_ERROR(report(NULL, p, n, PS_FORMAT_CSV, &json, &len, &err), PS_ERR_NULL_ARGUMENT, object_name, "NULL");
    EXPECT_ERROR(report(object, NULL, n, PS_FORMAT_CSV, &json, &len, &err), PS_ERR_NULL_ARGUMENT, "partners: NULL",
                 NULL);
    EXPECT_ERROR(report(object, p, n, PS_FORMAT_CSV, NULL, &len, &err), PS_ERR_NULL_ARGUMENT, "out_json: NULL",
                 NULL);
    EXPECT_ERROR(report(object, p, n, PS_FORMAT_CSV, &json, NULL, &err), PS_ERR_NULL_ARGUMENT, "out_len: NULL",
                 NULL);
    CHECK(report(NULL, NULL, 0, PS_FORMAT_JSON, NULL, NULL, NULL) == PS_ERR_NULL_ARGUMENT);
    CHECK(report(object, p, n, PS_FORMAT_CSV, &json, NULL, NULL) == PS_ERR_NULL_ARGUMENT);

    const char bad_csv[] = "id,name\nP1,A\nP2,\xc3\x28\n";
    EXPECT_ERROR(report(object, bad_csv, strlen(bad_csv), PS_FORMAT_CSV, &json, &len, &err), PS_ERR_INVALID_UTF8,
                 "partners: line 3", "UTF-8");
    const char bad_json[] = "[{\"id\": \"P\xff\"}]";
    EXPECT_ERROR(report(object, bad_json, strlen(bad_json), PS_FORMAT_JSON, &json, &len, &err), PS_ERR_INVALID_UTF8,
                 "partners: line 1", "UTF-8");
    CHECK(report(object, bad_json, strlen(bad_json), PS_FORMAT_JSON, &json, &len, NULL) == PS_ERR_INVALID_UTF8);
    /* A value that is not a ps_format. */
    EXPECT_ERROR(report(object, p, n, (ps_format)7, &json, &len, &err), PS_ERR_INPUT, "format: 7", NULL);
    CHECK(json == JSON_SENTINEL && len == LEN_SENTINEL);
}

#endif /* PARTNERSCORE_EXPECT_H */
