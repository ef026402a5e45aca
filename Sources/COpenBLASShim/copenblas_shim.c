// Run-time binding to OpenBLAS: nothing links against libopenblas, so the library loads only after
// OPENBLAS_NUM_THREADS holds the thread count MinerKit wants and OPENBLAS_CORETYPE the kernels for this
// CPU (see copenblas_load in the header).
#include "copenblas_shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

// The few functions used, declared here (the LP64 `blasint` is int) so builds need no OpenBLAS headers.
typedef void (*sgemm_fn)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha,
                         const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);
typedef float (*sdot_fn)(int n, const float *x, int incx, const float *y, int incy);
typedef void (*set_threads_fn)(int);
typedef int (*get_threads_fn)(void);
typedef char *(*corename_fn)(void);

enum { CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112 };   // values from cblas.h

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static int load_status = 1;   // 1: not tried yet, 0: bound, -1: failed
static int threads_from_environment = 0;
static char load_reason[256];
// Written once under load_lock before load_status becomes 0; callers only call after a successful load.
static sgemm_fn sgemm;
static sdot_fn sdot;
static set_threads_fn set_threads;
static get_threads_fn get_threads;
static corename_fn corename;   // optional: openblas_get_corename

// The kernel family for this CPU's vector units, named as OPENBLAS_CORETYPE names it; NULL when OpenBLAS's
// own choice should stand. OpenBLAS picks by CPU model and falls back to its generic SSE3 "Prescott"
// kernels for models newer than its table: Debian's 0.3.21 does so on Emerald Rapids (family 6, model
// 207), where sgemm then runs at 20 instead of 90-128 GFLOP/s. The features are read with the compiler's
// checks, which also require the OS to save the wide registers. Every sgemm/sdot kernel of these families
// is the one OpenBLAS itself uses on CPUs it knows with the same units.
static const char *vector_coretype(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd")) return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
    return NULL;
}

// Puts NAME=VALUE entries (names not in the environment yet) into the environment without freeing the
// array another thread may be reading. glibc's setenv grows the environment with realloc, and a thread
// copying it meanwhile (Foundation's Process.run, posix_spawn) reads freed memory: the test suite crashed
// so. Here a new array is built beside the old, published with one pointer store, and the old one is left
// in place, so every reader sees a whole array, old or new (a few hundred bytes kept once per process).
static void add_to_environment(char *const *entries, int count) {
    if (count == 0) return;
    size_t n = 0;
    while (environ[n] != NULL) n++;
    char **grown = malloc((n + (size_t)count + 1) * sizeof *grown);
    if (grown == NULL) return;
    memcpy(grown, environ, n * sizeof *grown);
    for (int i = 0; i < count; i++) grown[n + (size_t)i] = entries[i];
    grown[n + (size_t)count] = NULL;
    __atomic_store_n(&environ, grown, __ATOMIC_RELEASE);
}

static void load_locked(int threads) {
    char *added[2];
    int count = 0;
    const char *exported = getenv("OPENBLAS_NUM_THREADS");
    threads_from_environment = exported != NULL && exported[0] != '\0';
    if (!threads_from_environment) {
        // Once per process, just before OpenBLAS reads the variable in the dlopen below.
        char value[48];
        snprintf(value, sizeof value, "OPENBLAS_NUM_THREADS=%d", threads > 0 ? threads : 1);
        if (exported == NULL) {
            added[count++] = strdup(value);
        } else {
            // Set but empty: replaced in place, which does not move the array.
            setenv("OPENBLAS_NUM_THREADS", value + strlen("OPENBLAS_NUM_THREADS="), 1);
        }
    }
    // The same for the kernels: a value the user exported (even empty) is left alone.
    const char *coretype = vector_coretype();
    if (coretype != NULL && getenv("OPENBLAS_CORETYPE") == NULL) {
        char value[48];
        snprintf(value, sizeof value, "OPENBLAS_CORETYPE=%s", coretype);
        added[count++] = strdup(value);
    }
    for (int i = 0; i < count; i++) {
        if (added[i] == NULL) {
            snprintf(load_reason, sizeof load_reason, "out of memory while setting OpenBLAS's environment");
            load_status = -1;
            return;
        }
    }
    add_to_environment(added, count);
    void *library = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *error = dlerror();
        snprintf(load_reason, sizeof load_reason, "%s", error ? error : "libopenblas.so.0 not found");
        load_status = -1;
        return;
    }
    sgemm = (sgemm_fn)dlsym(library, "cblas_sgemm");
    sdot = (sdot_fn)dlsym(library, "cblas_sdot");
    set_threads = (set_threads_fn)dlsym(library, "openblas_set_num_threads");
    get_threads = (get_threads_fn)dlsym(library, "openblas_get_num_threads");
    corename = (corename_fn)dlsym(library, "openblas_get_corename");
    if (!sgemm || !sdot || !set_threads || !get_threads) {
        snprintf(load_reason, sizeof load_reason, "libopenblas.so.0 lacks cblas_sgemm, cblas_sdot or openblas_*_num_threads");
        load_status = -1;
        return;
    }
    load_status = 0;
}

const char *copenblas_load(int threads) {
    pthread_mutex_lock(&load_lock);
    if (load_status == 1) load_locked(threads);
    int status = load_status;
    pthread_mutex_unlock(&load_lock);
    return status == 0 ? NULL : load_reason;   // load_reason is final once load_status is set
}

void copenblas_set_num_threads(int threads) {
    if (threads < 1) threads = 1;
    // Only on a change: OpenBLAS resizes its pool, which a product running meanwhile must not see.
    if (!threads_from_environment && get_threads() != threads) set_threads(threads);
}

int copenblas_get_num_threads(void) { return get_threads(); }

const char *copenblas_core_name(void) {
    const char *name = corename ? corename() : NULL;
    return name ? name : "unknown";
}

void copenblas_sgemm_nt_acc(int m, int n, int k, const float *a, const float *b, float *c) {
    sgemm(CBLAS_ROW_MAJOR, CBLAS_NO_TRANS, CBLAS_TRANS, m, n, k, 1.0f, a, k, b, k, 1.0f, c, n);
}

float copenblas_sdot(int n, const float *x, const float *y) { return sdot(n, x, 1, y, 1); }
