/* Four threads score with one shared scorecard at the same time; every report equals the golden file in
 * the CLI's form. Run under valgrind by bindings/c/run-tests.sh.
 *
 * Usage: threads_test REPO_ROOT */
#include <pthread.h>

#include "partnerscore.h"
#include "test_util.h"

#define THREADS 4
#define ROUNDS 3

struct shared {
    const ps_scorecard *card; /* one scorecard for every thread */
    const char *golden;
    size_t golden_len;
    const char *partners[2];
    size_t partners_len[2];
};

struct job {
    const struct shared *shared;
    int index;
    int failures;
};

static void *score_rounds(void *arg) {
    struct job *job = arg;
    const struct shared *sh = job->shared;
    for (int round = 0; round < ROUNDS; round++) {
        int which = (job->index + round) % 2; /* threads alternate CSV and JSON input */
        char *json = NULL;
        size_t len = 0;
        ps_error *err = NULL;
        ps_status s = ps_scorecard_score(sh->card, sh->partners[which], sh->partners_len[which],
                                         which == 0 ? PS_FORMAT_CSV : PS_FORMAT_JSON, &json, &len, &err);
        if (s != PS_OK) {
            fprintf(stderr, "thread %d: status %d: %s\n", job->index, (int)s, ps_error_message(err));
            ps_error_free(err);
            job->failures++;
            continue;
        }
        if (len != sh->golden_len || memcmp(json, sh->golden, len) != 0) {
            fprintf(stderr, "thread %d round %d: report differs from the golden file\n", job->index, round);
            job->failures++;
        }
        ps_string_free(json);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s REPO_ROOT\n", argv[0]);
        return 2;
    }
    const char *root = argv[1];
    struct shared sh;
    sh.golden = golden_cli_json(root, &sh.golden_len);
    const char *files[2] = {"examples/partners.csv", "examples/partners.json"};
    char *buffers[2];
    for (int i = 0; i < 2; i++) {
        char *path = join_path(root, files[i]);
        buffers[i] = read_file(path, &sh.partners_len[i]);
        sh.partners[i] = buffers[i];
        free(path);
    }
    char *card_path = join_path(root, "examples/scorecard.json");
    size_t card_len;
    char *card_json = read_file(card_path, &card_len);
    ps_scorecard *card = NULL;
    ps_error *err = NULL;
    if (ps_scorecard_new(card_json, card_len, &card, &err) != PS_OK) {
        fprintf(stderr, "examples/scorecard.json: %s\n", ps_error_message(err));
        ps_error_free(err);
        return 1;
    }
    sh.card = card;

    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t].shared = &sh;
        jobs[t].index = t;
        jobs[t].failures = 0;
        if (pthread_create(&threads[t], NULL, score_rounds, &jobs[t]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    }
    int failures = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        failures += jobs[t].failures;
    }

    ps_scorecard_free(card);
    free(card_json);
    free(card_path);
    free(buffers[0]);
    free(buffers[1]);
    free((char *)sh.golden);
    if (failures > 0 || test_failures > 0) {
        fprintf(stderr, "threads_test: %d failure(s)\n", failures + test_failures);
        return 1;
    }
    printf("threads_test: %d threads x %d rounds on one scorecard, all reports equal the golden file\n", THREADS,
           ROUNDS);
    return 0;
}
