// Run-time binding to the CUDA runtime and cuBLAS: nothing here links against CUDA, so the package
// builds and runs on machines without it; ccuda_probe() reports why the GPU path is unavailable.
#include "ccuda_shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

typedef int (*get_device_count_fn)(int *);
typedef int (*malloc_fn)(void **, size_t);
typedef int (*free_fn)(void *);
typedef int (*memcpy_fn)(void *, const void *, size_t, int);
typedef int (*cublas_create_fn)(void **);
typedef int (*cublas_sgemm_fn)(void *, int, int, int, int, int, const float *, const float *, int,
                               const float *, int, const float *, float *, int);

enum { MEMCPY_HOST_TO_DEVICE = 1, MEMCPY_DEVICE_TO_HOST = 2, CUBLAS_OP_N = 0, CUBLAS_OP_T = 1 };

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t gemm_lock = PTHREAD_MUTEX_INITIALIZER;
static int device_count = 0;
static char probe_reason[256] = "not probed";
static malloc_fn cuda_malloc;
static free_fn cuda_free;
static memcpy_fn cuda_memcpy;
static cublas_sgemm_fn cublas_sgemm;
static void *cublas_handle;

static void *open_first(const char *const *names) {
    for (; *names; names++) {
        void *h = dlopen(*names, RTLD_NOW | RTLD_LOCAL);
        if (h) return h;
    }
    return NULL;
}

static void probe_once(void) {
    static const char *const cudart_names[] = {"libcudart.so", "libcudart.so.13", "libcudart.so.12",
                                               "libcudart.so.11.0", NULL};
    static const char *const cublas_names[] = {"libcublas.so", "libcublas.so.13", "libcublas.so.12",
                                               "libcublas.so.11", NULL};
    void *rt = open_first(cudart_names);
    if (!rt) { snprintf(probe_reason, sizeof probe_reason, "libcudart not found"); return; }
    void *blas = open_first(cublas_names);
    if (!blas) { snprintf(probe_reason, sizeof probe_reason, "libcublas not found"); return; }
    get_device_count_fn count = (get_device_count_fn)dlsym(rt, "cudaGetDeviceCount");
    cuda_malloc = (malloc_fn)dlsym(rt, "cudaMalloc");
    cuda_free = (free_fn)dlsym(rt, "cudaFree");
    cuda_memcpy = (memcpy_fn)dlsym(rt, "cudaMemcpy");
    cublas_create_fn create = (cublas_create_fn)dlsym(blas, "cublasCreate_v2");
    cublas_sgemm = (cublas_sgemm_fn)dlsym(blas, "cublasSgemm_v2");
    if (!count || !cuda_malloc || !cuda_free || !cuda_memcpy || !create || !cublas_sgemm) {
        snprintf(probe_reason, sizeof probe_reason, "CUDA symbols missing");
        return;
    }
    int n = 0;
    int status = count(&n);
    if (status != 0 || n <= 0) {
        snprintf(probe_reason, sizeof probe_reason, "no CUDA device (status %d)", status);
        return;
    }
    if (create(&cublas_handle) != 0) {
        snprintf(probe_reason, sizeof probe_reason, "cublasCreate failed");
        return;
    }
    device_count = n;
    probe_reason[0] = '\0';
}

int ccuda_probe(char *reason, size_t reason_len) {
    pthread_once(&once, probe_once);
    if (device_count == 0 && reason && reason_len > 0) {
        snprintf(reason, reason_len, "%s", probe_reason);
    }
    return device_count;
}

int ccuda_sgemm_nt(int m, int n, int k, const float *a, const float *b, float *c) {
    if (ccuda_probe(NULL, 0) == 0) return -1;
    const float one = 1.0f, zero = 0.0f;
    void *da = NULL, *db = NULL, *dc = NULL;
    int status;
    pthread_mutex_lock(&gemm_lock);
    if ((status = cuda_malloc(&da, sizeof(float) * (size_t)m * k)) != 0) goto done;
    if ((status = cuda_malloc(&db, sizeof(float) * (size_t)n * k)) != 0) goto done;
    if ((status = cuda_malloc(&dc, sizeof(float) * (size_t)m * n)) != 0) goto done;
    if ((status = cuda_memcpy(da, a, sizeof(float) * (size_t)m * k, MEMCPY_HOST_TO_DEVICE)) != 0) goto done;
    if ((status = cuda_memcpy(db, b, sizeof(float) * (size_t)n * k, MEMCPY_HOST_TO_DEVICE)) != 0) goto done;
    // Row-major C = A B^T is column-major C^T = B A^T: B is read transposed, A as stored.
    if ((status = cublas_sgemm(cublas_handle, CUBLAS_OP_T, CUBLAS_OP_N, n, m, k, &one, db, k, da, k, &zero,
                               dc, n)) != 0) goto done;
    status = cuda_memcpy(c, dc, sizeof(float) * (size_t)m * n, MEMCPY_DEVICE_TO_HOST);
done:
    if (da) cuda_free(da);
    if (db) cuda_free(db);
    if (dc) cuda_free(dc);
    pthread_mutex_unlock(&gemm_lock);
    return status;
}
