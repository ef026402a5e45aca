// Run-time binding to PocketSphinx 5prealpha (Debian's libpocketsphinx3 + pocketsphinx-en-us): nothing here
// links against it, so the package builds without it and `cps_probe` says why transcription is unavailable.
#include "cpocketsphinx_shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

typedef const void *(*ps_args_fn)(void);
typedef void *(*cmd_ln_parse_r_fn)(void *, const void *, int32_t, char **, int32_t);
typedef int (*cmd_ln_free_r_fn)(void *);
typedef void *(*err_set_logfp_fn)(void *);
typedef void *(*ps_init_fn)(void *);
typedef int (*ps_free_fn)(void *);
typedef int (*ps_start_utt_fn)(void *);
typedef int (*ps_process_raw_fn)(void *, const int16_t *, size_t, int, int);
typedef int (*ps_end_utt_fn)(void *);
typedef const char *(*ps_get_hyp_fn)(void *, int32_t *);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int bound = 0;
static char probe_reason[256] = "not probed";
static ps_args_fn ps_args;
static cmd_ln_parse_r_fn cmd_ln_parse_r;
static cmd_ln_free_r_fn cmd_ln_free_r;
static ps_init_fn ps_init;
static ps_free_fn ps_free;
static ps_start_utt_fn ps_start_utt;
static ps_process_raw_fn ps_process_raw;
static ps_end_utt_fn ps_end_utt;
static ps_get_hyp_fn ps_get_hyp;

static void bind_once(void) {
    void *h = dlopen("libpocketsphinx.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(probe_reason, sizeof probe_reason, "libpocketsphinx.so.3 not found (Debian: libpocketsphinx3)");
        return;
    }
    // dlsym on the handle also searches its dependencies, libsphinxbase.so.3 among them.
    ps_args = (ps_args_fn)dlsym(h, "ps_args");
    cmd_ln_parse_r = (cmd_ln_parse_r_fn)dlsym(h, "cmd_ln_parse_r");
    cmd_ln_free_r = (cmd_ln_free_r_fn)dlsym(h, "cmd_ln_free_r");
    err_set_logfp_fn set_log = (err_set_logfp_fn)dlsym(h, "err_set_logfp");
    ps_init = (ps_init_fn)dlsym(h, "ps_init");
    ps_free = (ps_free_fn)dlsym(h, "ps_free");
    ps_start_utt = (ps_start_utt_fn)dlsym(h, "ps_start_utt");
    ps_process_raw = (ps_process_raw_fn)dlsym(h, "ps_process_raw");
    ps_end_utt = (ps_end_utt_fn)dlsym(h, "ps_end_utt");
    ps_get_hyp = (ps_get_hyp_fn)dlsym(h, "ps_get_hyp");
    if (!ps_args || !cmd_ln_parse_r || !cmd_ln_free_r || !set_log || !ps_init || !ps_free || !ps_start_utt ||
        !ps_process_raw || !ps_end_utt || !ps_get_hyp) {
        snprintf(probe_reason, sizeof probe_reason, "libpocketsphinx.so.3 lacks the 5prealpha API");
        return;
    }
    set_log(NULL);   // the library's own log (configuration tables, per-utterance statistics) goes nowhere
    bound = 1;
    probe_reason[0] = 0;
}

int cps_probe(char *reason, size_t reason_len) {
    pthread_once(&once, bind_once);
    if (!bound && reason && reason_len) snprintf(reason, reason_len, "%s", probe_reason);
    return bound;
}

void *cps_decoder_new(const char *hmm, const char *lm, const char *dict, char *reason, size_t reason_len) {
    if (!cps_probe(reason, reason_len)) return NULL;
    // One forward pass with a bounded search: no flat-lexicon second pass, no lattice best path, phone
    // lookahead, and at most 1,500 active HMMs per frame, so noise cannot blow the search up. On recorded
    // speech, clean and noisy, this costs 5-7 times less CPU than the library's defaults for 1.5 points of
    // word error rate (Docs/Audio.md).
    char *argv[] = {"-hmm", (char *)hmm, "-lm", (char *)lm, "-dict", (char *)dict, "-logfn", "/dev/null",
                    "-fwdflat", "no", "-bestpath", "no", "-pl_window", "10", "-maxhmmpf", "1500"};
    void *config = cmd_ln_parse_r(NULL, ps_args(), (int32_t)(sizeof argv / sizeof argv[0]), argv, 1);
    if (!config) {
        snprintf(reason, reason_len, "PocketSphinx refused its options");
        return NULL;
    }
    void *decoder = ps_init(config);   // keeps its own reference to the configuration
    cmd_ln_free_r(config);
    if (!decoder) snprintf(reason, reason_len, "PocketSphinx could not load the model (-hmm %s, -lm %s, -dict %s)", hmm, lm, dict);
    return decoder;
}

int cps_decode(void *decoder, const int16_t *samples, size_t count, char *text, size_t text_len) {
    if (text_len) text[0] = 0;
    if (ps_start_utt(decoder) < 0) return -1;
    if (ps_process_raw(decoder, samples, count, 0, 1) < 0) {
        ps_end_utt(decoder);
        return -1;
    }
    if (ps_end_utt(decoder) < 0) return -1;
    const char *hyp = ps_get_hyp(decoder, NULL);
    if (hyp && text_len) snprintf(text, text_len, "%s", hyp);
    return 0;
}

void cps_decoder_free(void *decoder) {
    if (decoder) ps_free(decoder);
}
