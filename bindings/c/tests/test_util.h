/* Helpers shared by the C tests of libpartnerscore: checks that count failures, file reading, and the
 * golden report in the CLI's compact form. */
#ifndef PARTNERSCORE_TEST_UTIL_H
#define PARTNERSCORE_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures = 0;

#define CHECK(cond)                                                                                      \
    do {                                                                                                 \
        if (!(cond)) {                                                                                   \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                     \
            test_failures++;                                                                             \
        }                                                                                                \
    } while (0)

#define CHECK_CONTAINS(haystack, needle)                                                                 \
    do {                                                                                                 \
        const char *h_ = (haystack);                                                                     \
        if (h_ == NULL || strstr(h_, (needle)) == NULL) {                                                \
            fprintf(stderr, "%s:%d: \"%s\" not in \"%s\"\n", __FILE__, __LINE__, (needle),                \
                    h_ ? h_ : "(NULL)");                                                                 \
            test_failures++;                                                                             \
        }                                                                                                \
    } while (0)

/* Reads a whole file into a malloc'd buffer (NUL-terminated for convenience); exits on failure. */
static inline char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, 2 * cap + 1);
            if (bigger == NULL) {
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int failed = buf == NULL || ferror(f) || n == cap;
    fclose(f);
    if (failed) {
        fprintf(stderr, "%s: cannot read the file\n", path);
        free(buf);
        exit(2);
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Joins a directory and a relative path into a malloc'd string. */
static inline char *join_path(const char *dir, const char *rel) {
    size_t a = strlen(dir), b = strlen(rel);
    char *p = malloc(a + b + 2);
    if (p == NULL) {
        exit(2);
    }
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, rel, b + 1);
    return p;
}

/* A golden report (tests/golden/NAME, pretty-printed: scorecard_sample.json, profile_sample.json) in the
 * CLI's compact form: whitespace outside strings removed, then the newline the CLI ends its output with.
 * The pretty printer only adds whitespace between tokens, so this is exactly the CLI's `--format json`
 * output. */
static inline char *golden_cli_json(const char *repo_root, const char *name, size_t *len) {
    char *golden = join_path("tests/golden", name);
    char *path = join_path(repo_root, golden);
    free(golden);
    size_t n;
    char *pretty = read_file(path, &n);
    free(path);
    char *out = malloc(n + 2);
    if (out == NULL) {
        exit(2);
    }
    size_t j = 0;
    int in_string = 0, escaped = 0;
    for (size_t i = 0; i < n; i++) {
        char c = pretty[i];
        if (in_string) {
            out[j++] = c;
            if (escaped) {
                escaped = 0;
            } else if (c == '\\') {
                escaped = 1;
            } else if (c == '"') {
                in_string = 0;
            }
        } else if (c == '"') {
            in_string = 1;
            out[j++] = c;
        } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            out[j++] = c;
        }
    }
    out[j++] = '\n';
    out[j] = '\0';
    free(pretty);
    *len = j;
    return out;
}

/* Prints where two texts first differ. */
static inline void show_difference(const char *what, const char *expected, size_t expected_len, const char *actual,
                            size_t actual_len) {
    size_t i = 0;
    while (i < expected_len && i < actual_len && expected[i] == actual[i]) {
        i++;
    }
    size_t from = i > 40 ? i - 40 : 0;
    fprintf(stderr, "%s: differs at byte %zu (lengths %zu and %zu)\n  expected: %.80s\n  actual:   %.80s\n", what, i,
            expected_len, actual_len, expected + from, actual + from);
}

#endif /* PARTNERSCORE_TEST_UTIL_H */
