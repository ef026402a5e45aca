#ifndef CCUDA_SHIM_H
#define CCUDA_SHIM_H

#include <stddef.h>

/// Loads libcudart and libcublas with dlopen and counts CUDA devices.
/// Returns the number of usable devices (0 when the libraries or a device are missing) and writes a
/// human-readable reason into `reason` when it returns 0. Safe to call more than once; thread-safe.
int ccuda_probe(char *reason, size_t reason_len);

/// Row-major C[m x n] = A[m x k] * B[n x k]^T on device 0 with cuBLAS (host buffers in and out).
/// Returns 0 on success, a non-zero CUDA/cuBLAS status otherwise. Requires ccuda_probe() > 0.
int ccuda_sgemm_nt(int m, int n, int k, const float *a, const float *b, float *c);

#endif
