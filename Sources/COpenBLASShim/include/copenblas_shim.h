#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H

/// Binds libopenblas.so.0 with dlopen, once per process; thread-safe. Returns NULL when the library is
/// bound, otherwise a human-readable reason (a static string that stays valid).
///
/// OpenBLAS's pthread build starts its worker threads while the library loads, before any call can
/// limit them, and reads their count from OPENBLAS_NUM_THREADS. So the first call sets that variable
/// to `threads` (unless the user exported it) and only then opens the library. Likewise, unless the user
/// exported OPENBLAS_CORETYPE, it names the kernel family this CPU's vector units run (SkylakeX for
/// AVX-512, Haswell for AVX2 with FMA), because OpenBLAS falls back to generic kernels on CPU models
/// newer than its own table. Later calls return the first call's outcome and ignore `threads`.
const char *copenblas_load(int threads);

/// Sets OpenBLAS's thread count (openblas_set_num_threads) unless the user exported
/// OPENBLAS_NUM_THREADS: that value wins. Requires a successful copenblas_load().
void copenblas_set_num_threads(int threads);

/// The threads OpenBLAS uses for one product (openblas_get_num_threads). Requires a successful load.
int copenblas_get_num_threads(void);

/// The kernel family OpenBLAS runs (openblas_get_corename), or "unknown". Requires a successful load.
const char *copenblas_core_name(void);

/// Row-major C[m x n] += A[m x k] * B[n x k]^T (cblas_sgemm). Requires a successful copenblas_load().
void copenblas_sgemm_nt_acc(int m, int n, int k, const float *a, const float *b, float *c);

/// The dot product of `n` floats at unit stride (cblas_sdot). Requires a successful copenblas_load().
float copenblas_sdot(int n, const float *x, const float *y);

#endif
