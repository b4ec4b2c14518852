/* Four threads at the same time score with one shared scorecard and evaluate with one shared profile;
 * every report equals its golden file in the CLI's form. Run under valgrind by bindings/c/run-tests.sh.
 *
 * Usage: threads_test REPO_ROOT */
#include <pthread.h>

#include "partnerscore.h"
#include "test_util.h"

#define THREADS 4
#define ROUNDS 3

struct shared {
    const ps_scorecard *card;  /* one scorecard for every thread */
    const ps_profile *profile; /* one profile for every thread */
    const char *golden[2];     /* the scorecard's report, the profile's */
    size_t golden_len[2];
    const char *partners[2]; /* CSV, JSON */
    size_t partners_len[2];
};

struct job {
    const struct shared *shared;
    int index;
    int failures;
};

/* One report: kind 0 scores with the shared scorecard, kind 1 evaluates with the shared profile. */
static void report_once(struct job *job, int round, int kind, int which) {
    const struct shared *sh = job->shared;
    const char *what = kind == 0 ? "scorecard" : "profile";
    ps_format format = which == 0 ? PS_FORMAT_CSV : PS_FORMAT_JSON;
    char *json = NULL;
    size_t len = 0;
    ps_error *err = NULL;
    ps_status s = kind == 0 ? ps_scorecard_score(sh->card, sh->partners[which], sh->partners_len[which], format,
                                                 &json, &len, &err)
                            : ps_profile_evaluate(sh->profile, sh->partners[which], sh->partners_len[which], format,
                                                  &json, &len, &err);
    if (s != PS_OK) {
        fprintf(stderr, "thread %d (%s): status %d: %s\n", job->index, what, (int)s, ps_error_message(err));
        ps_error_free(err);
        job->failures++;
        return;
    }
    if (len != sh->golden_len[kind] || memcmp(json, sh->golden[kind], len) != 0) {
        fprintf(stderr, "thread %d round %d: the %s report differs from the golden file\n", job->index, round, what);
        job->failures++;
    }
    ps_string_free(json);
}

static void *report_rounds(void *arg) {
    struct job *job = arg;
    for (int round = 0; round < ROUNDS; round++) {
        int which = (job->index + round) % 2; /* threads alternate CSV and JSON input */
        /* and half of them start with the profile, so both objects are in use at once */
        int first = job->index % 2;
        report_once(job, round, first, which);
        report_once(job, round, 1 - first, which);
    }
    return NULL;
}

/* Reads a repository file into a malloc'd buffer. */
static char *read_repo_file(const char *root, const char *rel, size_t *len) {
    char *path = join_path(root, rel);
    char *text = read_file(path, len);
    free(path);
    return text;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s REPO_ROOT\n", argv[0]);
        return 2;
    }
    const char *root = argv[1];
    struct shared sh;
    sh.golden[0] = golden_cli_json(root, "scorecard_sample.json", &sh.golden_len[0]);
    sh.golden[1] = golden_cli_json(root, "profile_sample.json", &sh.golden_len[1]);
    char *buffers[2];
    buffers[0] = read_repo_file(root, "examples/partners.csv", &sh.partners_len[0]);
    buffers[1] = read_repo_file(root, "examples/partners.json", &sh.partners_len[1]);
    sh.partners[0] = buffers[0];
    sh.partners[1] = buffers[1];

    size_t card_len, profile_len;
    char *card_json = read_repo_file(root, "examples/scorecard.json", &card_len);
    char *profile_json = read_repo_file(root, "examples/profile.json", &profile_len);
    ps_scorecard *card = NULL;
    ps_profile *profile = NULL;
    ps_error *err = NULL;
    if (ps_scorecard_new(card_json, card_len, &card, &err) != PS_OK) {
        fprintf(stderr, "examples/scorecard.json: %s\n", ps_error_message(err));
        ps_error_free(err);
        return 1;
    }
    if (ps_profile_new(profile_json, profile_len, &profile, &err) != PS_OK) {
        fprintf(stderr, "examples/profile.json: %s\n", ps_error_message(err));
        ps_error_free(err);
        ps_scorecard_free(card);
        return 1;
    }
    sh.card = card;
    sh.profile = profile;

    pthread_t threads[THREADS];
    struct job jobs[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t].shared = &sh;
        jobs[t].index = t;
        jobs[t].failures = 0;
        if (pthread_create(&threads[t], NULL, report_rounds, &jobs[t]) != 0) {
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
    ps_profile_free(profile);
    free(card_json);
    free(profile_json);
    free(buffers[0]);
    free(buffers[1]);
    free((char *)sh.golden[0]);
    free((char *)sh.golden[1]);
    if (failures > 0 || test_failures > 0) {
        fprintf(stderr, "threads_test: %d failure(s)\n", failures + test_failures);
        return 1;
    }
    printf("threads_test: %d threads x %d rounds on one scorecard and one profile, all reports equal the golden "
           "files\n",
           THREADS, ROUNDS);
    return 0;
}
