/* Scores partners on a capability scorecard through libpartnerscore and prints the JSON report (the same
 * bytes as `partnerscore score --format json`).
 *
 *   score [SCORECARD.json [PARTNERS.csv|PARTNERS.json]]
 *
 * Defaults: examples/scorecard.json and examples/partners.csv (run from the repository root).
 * Exit code: 0 on success, 2 for a bad scorecard or bad partners (message on stderr), 1 otherwise.
 * Build lines: bindings/c/README.md ("Use from C"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partnerscore.h"

/* Reads a whole file into a malloc'd buffer; NULL (with a message) when it cannot. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1 << 16;
            char *bigger = realloc(buf, cap);
            if (bigger == NULL) {
                fprintf(stderr, "%s: out of memory\n", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = bigger;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0) {
            break;
        }
        n += got;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        fprintf(stderr, "%s: read error\n", path);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Prints an error object as "score: FILE: message", frees it, and returns the exit code for its status. */
static int report_error(const char *file, ps_status status, ps_error *err) {
    fprintf(stderr, "score: %s: %s (status %d)\n", file, ps_error_message(err), (int)status);
    ps_error_free(err);
    return status == PS_ERR_CONFIG || status == PS_ERR_INPUT || status == PS_ERR_INVALID_UTF8 ? 2 : 1;
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int main(int argc, char **argv) {
    const char *card_path = argc > 1 ? argv[1] : "examples/scorecard.json";
    const char *partners_path = argc > 2 ? argv[2] : "examples/partners.csv";
    if (argc > 3) {
        fprintf(stderr, "usage: %s [SCORECARD.json [PARTNERS.csv|PARTNERS.json]]\n", argv[0]);
        return 2;
    }
    int code = 1;
    char *config = NULL, *partners = NULL, *json = NULL;
    ps_scorecard *card = NULL;
    ps_error *err = NULL;
    size_t config_len = 0, partners_len = 0, json_len = 0;

    config = read_file(card_path, &config_len);
    partners = config ? read_file(partners_path, &partners_len) : NULL;
    if (config == NULL || partners == NULL) {
        goto done;
    }

    /* The scorecard is validated once; it could now score any number of partner sets, from any thread. */
    ps_status status = ps_scorecard_new(config, config_len, &card, &err);
    if (status != PS_OK) {
        code = report_error(card_path, status, err);
        goto done;
    }

    ps_format format = ends_with(partners_path, ".json") ? PS_FORMAT_JSON : PS_FORMAT_CSV;
    status = ps_scorecard_score(card, partners, partners_len, format, &json, &json_len, &err);
    if (status != PS_OK) {
        code = report_error(partners_path, status, err);
        goto done;
    }

    /* json_len bytes, NUL-terminated; the report ends with a newline like the CLI's. */
    code = fwrite(json, 1, json_len, stdout) == json_len && fflush(stdout) == 0 ? 0 : 1;

done:
    ps_string_free(json); /* every _free accepts NULL */
    ps_scorecard_free(card);
    free(partners);
    free(config);
    return code;
}
