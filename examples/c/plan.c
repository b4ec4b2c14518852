/* Solves a channel manager's achievement plan through libpartnerscore and prints the JSON report (the same
 * bytes as `partnerscore plan --format json` on the same JSON files).
 *
 *   plan [PLAN.json [PARTNERS.json [HISTORY.json]]]
 *
 * Defaults: examples/plan.json, examples/partners.json and examples/history.json (run from the repository
 * root). Partners and history are JSON: a call with two data inputs takes JSON only.
 * Exit code: 0 on success, 2 for a bad plan, partners or history (message on stderr), 1 otherwise.
 * Build lines: bindings/c/README.md ("Use from C"), with plan.c for score.c. */
#include <stdio.h>
#include <stdlib.h>

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

/* Prints an error object, frees it, and returns the exit code for its status. A solve error's message
 * says which input it is about: `history…` for the history, a partner (`partners[3] (partner P004), field
 * potential: …`) for the partners, a config path (`capacity_hours: …`) for the plan. */
static int report_error(const char *what, ps_status status, ps_error *err) {
    fprintf(stderr, "plan: %s: %s (status %d)\n", what, ps_error_message(err), (int)status);
    ps_error_free(err);
    return status == PS_ERR_CONFIG || status == PS_ERR_INPUT || status == PS_ERR_INVALID_UTF8 ? 2 : 1;
}

int main(int argc, char **argv) {
    const char *plan_path = argc > 1 ? argv[1] : "examples/plan.json";
    const char *partners_path = argc > 2 ? argv[2] : "examples/partners.json";
    const char *history_path = argc > 3 ? argv[3] : "examples/history.json";
    if (argc > 4) {
        fprintf(stderr, "usage: %s [PLAN.json [PARTNERS.json [HISTORY.json]]]\n", argv[0]);
        return 2;
    }
    int code = 1;
    char *config = NULL, *partners = NULL, *history = NULL, *json = NULL;
    ps_plan *plan = NULL;
    ps_error *err = NULL;
    size_t config_len = 0, partners_len = 0, history_len = 0, json_len = 0;

    config = read_file(plan_path, &config_len);
    partners = config ? read_file(partners_path, &partners_len) : NULL;
    history = partners ? read_file(history_path, &history_len) : NULL;
    if (config == NULL || partners == NULL || history == NULL) {
        goto done;
    }

    /* The plan is validated once; it could now solve any number of partner sets, from any thread. */
    ps_status status = ps_plan_new(config, config_len, &plan, &err);
    if (status != PS_OK) {
        code = report_error(plan_path, status, err);
        goto done;
    }

    status = ps_plan_solve(plan, partners, partners_len, history, history_len, &json, &json_len, &err);
    if (status != PS_OK) {
        code = report_error("solve", status, err);
        goto done;
    }

    /* json_len bytes, NUL-terminated; the report ends with a newline like the CLI's. */
    code = fwrite(json, 1, json_len, stdout) == json_len && fflush(stdout) == 0 ? 0 : 1;

done:
    ps_string_free(json); /* every _free accepts NULL */
    ps_plan_free(plan);
    free(history);
    free(partners);
    free(config);
    return code;
}
