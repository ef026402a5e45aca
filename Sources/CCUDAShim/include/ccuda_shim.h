#ifndef CCUDA_SHIM_H
#define CCUDA_SHIM_H

#include <stddef.h>

/// Loads libcudart and libcublas with dlopen and counts CUDA devices.
/// Returns the number of usable devices (0 when the libraries or a device are missing) and writes a
/// human-readable reason into `reason` when it returns 0. Safe to call more than once; thread-safe.
int ccuda_probe(char *reason, size_t reason_len);

/// Copies `count` floats from the host into new device memory on device 0 and stores its address in
/// `device`: a weight uploaded once and read by every later product. Returns 0 on success, a non-zero
/// CUDA status otherwise (nothing is allocated then). Requires ccuda_probe() > 0.
int ccuda_upload(const float *host, size_t count, void **device);

/// Frees memory from ccuda_upload(). Any thread; NULL is ignored.
void ccuda_release(void *device);

/// Row-major C[m x n] = A[m x k] * B[n x k]^T with A and C in host memory and B resident on the device
/// (from ccuda_upload()). Runs on the calling thread's own CUDA stream and cuBLAS handle, created on the
/// thread's first product and destroyed when the thread ends, so threads never wait for each other; only
/// A and C cross the bus. Returns 0 on success; otherwise a CUDA runtime status, or 10000 + a cuBLAS status.
int ccuda_sgemm_nt_resident(int m, int n, int k, const float *a, const void *b_device, float *c);

#endif
