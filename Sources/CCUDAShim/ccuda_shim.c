// Run-time binding to the CUDA runtime and cuBLAS: nothing here links against CUDA, so the package
// builds and runs on machines without it; ccuda_probe() reports why the GPU path is unavailable.
//
// Weights live in device memory from ccuda_upload() until ccuda_release(). Each thread that runs a
// product gets its own stream, cuBLAS handle and scratch buffers (thread-specific data, destroyed when
// the thread ends), so concurrent products never share a lock or a stream.
#include "ccuda_shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*get_device_count_fn)(int *);
typedef int (*set_device_fn)(int);
typedef int (*synchronize_fn)(void);
typedef int (*malloc_fn)(void **, size_t);
typedef int (*free_fn)(void *);
typedef int (*memcpy_fn)(void *, const void *, size_t, int);
typedef int (*memcpy_async_fn)(void *, const void *, size_t, int, void *);
typedef int (*stream_create_fn)(void **, unsigned int);
typedef int (*stream_fn)(void *);
typedef int (*cublas_create_fn)(void **);
typedef int (*cublas_destroy_fn)(void *);
typedef int (*cublas_set_stream_fn)(void *, void *);
typedef int (*cublas_sgemm_fn)(void *, int, int, int, int, int, const float *, const float *, int,
                               const float *, int, const float *, float *, int);

enum { MEMCPY_HOST_TO_DEVICE = 1, MEMCPY_DEVICE_TO_HOST = 2, CUBLAS_OP_N = 0, CUBLAS_OP_T = 1,
       STREAM_NON_BLOCKING = 1 };
/// cuBLAS statuses are returned offset by this, so they never read as a CUDA runtime status.
enum { CUBLAS_STATUS_BASE = 10000 };

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t context_key;
static int device_count = 0;
static char probe_reason[256] = "not probed";
static set_device_fn cuda_set_device;
static synchronize_fn cuda_device_synchronize;
static malloc_fn cuda_malloc;
static free_fn cuda_free;
static memcpy_fn cuda_memcpy;
static memcpy_async_fn cuda_memcpy_async;
static stream_create_fn cuda_stream_create;
static stream_fn cuda_stream_destroy;
static stream_fn cuda_stream_synchronize;
static cublas_create_fn cublas_create;
static cublas_destroy_fn cublas_destroy;
static cublas_set_stream_fn cublas_set_stream;
static cublas_sgemm_fn cublas_sgemm;

/// What one thread owns on the device: its stream, its cuBLAS handle bound to that stream, and
/// grow-only scratch buffers for the host operands of its products.
typedef struct {
    void *stream;
    void *blas;
    void *input;
    size_t input_bytes;
    void *output;
    size_t output_bytes;
} thread_context;

static void *open_first(const char *const *names) {
    for (; *names; names++) {
        void *h = dlopen(*names, RTLD_NOW | RTLD_LOCAL);
        if (h) return h;
    }
    return NULL;
}

static void destroy_context(void *p) {
    thread_context *ctx = p;
    if (!ctx) return;
    if (ctx->input) cuda_free(ctx->input);
    if (ctx->output) cuda_free(ctx->output);
    if (ctx->blas) cublas_destroy(ctx->blas);
    if (ctx->stream) cuda_stream_destroy(ctx->stream);
    free(ctx);
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
    cuda_set_device = (set_device_fn)dlsym(rt, "cudaSetDevice");
    cuda_device_synchronize = (synchronize_fn)dlsym(rt, "cudaDeviceSynchronize");
    cuda_malloc = (malloc_fn)dlsym(rt, "cudaMalloc");
    cuda_free = (free_fn)dlsym(rt, "cudaFree");
    cuda_memcpy = (memcpy_fn)dlsym(rt, "cudaMemcpy");
    cuda_memcpy_async = (memcpy_async_fn)dlsym(rt, "cudaMemcpyAsync");
    cuda_stream_create = (stream_create_fn)dlsym(rt, "cudaStreamCreateWithFlags");
    cuda_stream_destroy = (stream_fn)dlsym(rt, "cudaStreamDestroy");
    cuda_stream_synchronize = (stream_fn)dlsym(rt, "cudaStreamSynchronize");
    cublas_create = (cublas_create_fn)dlsym(blas, "cublasCreate_v2");
    cublas_destroy = (cublas_destroy_fn)dlsym(blas, "cublasDestroy_v2");
    cublas_set_stream = (cublas_set_stream_fn)dlsym(blas, "cublasSetStream_v2");
    cublas_sgemm = (cublas_sgemm_fn)dlsym(blas, "cublasSgemm_v2");
    if (!count || !cuda_set_device || !cuda_device_synchronize || !cuda_malloc || !cuda_free || !cuda_memcpy || !cuda_memcpy_async ||
        !cuda_stream_create || !cuda_stream_destroy || !cuda_stream_synchronize || !cublas_create ||
        !cublas_destroy || !cublas_set_stream || !cublas_sgemm) {
        snprintf(probe_reason, sizeof probe_reason, "CUDA symbols missing");
        return;
    }
    int n = 0;
    int status = count(&n);
    if (status != 0 || n <= 0) {
        snprintf(probe_reason, sizeof probe_reason, "no CUDA device (status %d)", status);
        return;
    }
    void *handle = NULL;
    if ((status = cublas_create(&handle)) != 0) {
        snprintf(probe_reason, sizeof probe_reason, "cublasCreate failed (status %d)", status);
        return;
    }
    cublas_destroy(handle);
    if (pthread_key_create(&context_key, destroy_context) != 0) {
        snprintf(probe_reason, sizeof probe_reason, "no thread-specific key left");
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

int ccuda_upload(const float *host, size_t count, void **device) {
    *device = NULL;
    if (ccuda_probe(NULL, 0) == 0) return -1;
    int status;
    void *d = NULL;
    if ((status = cuda_set_device(0)) != 0) return status;
    if ((status = cuda_malloc(&d, sizeof(float) * (count ? count : 1))) != 0) return status;
    // cudaMemcpy from pageable memory may return before the DMA lands; the products run on
    // non-blocking streams, which do not wait for it, so wait here.
    if ((count && (status = cuda_memcpy(d, host, sizeof(float) * count, MEMCPY_HOST_TO_DEVICE)) != 0) ||
        (status = cuda_device_synchronize()) != 0) {
        cuda_free(d);
        return status;
    }
    *device = d;
    return 0;
}

void ccuda_release(void *device) {
    if (device && ccuda_probe(NULL, 0) > 0) cuda_free(device);
}

/// The calling thread's context, made on its first product; NULL with `*status` set when that fails.
static thread_context *context(int *status) {
    thread_context *ctx = pthread_getspecific(context_key);
    if (ctx) return ctx;
    ctx = calloc(1, sizeof *ctx);
    if (!ctx) { *status = -2; return NULL; }
    // Non-blocking: the thread's products never wait for work on the legacy default stream (uploads).
    if ((*status = cuda_set_device(0)) != 0 || (*status = cuda_stream_create(&ctx->stream, STREAM_NON_BLOCKING)) != 0) {
        destroy_context(ctx);
        return NULL;
    }
    if ((*status = cublas_create(&ctx->blas)) != 0 || (*status = cublas_set_stream(ctx->blas, ctx->stream)) != 0) {
        *status += CUBLAS_STATUS_BASE;
        destroy_context(ctx);
        return NULL;
    }
    if ((*status = pthread_setspecific(context_key, ctx)) != 0) {
        destroy_context(ctx);
        return NULL;
    }
    return ctx;
}

/// Makes `*buffer` hold at least `bytes` (device memory, grown by reallocation, contents dropped).
static int reserve(void **buffer, size_t *capacity, size_t bytes) {
    if (*capacity >= bytes) return 0;
    if (*buffer) cuda_free(*buffer);
    *buffer = NULL;
    *capacity = 0;
    int status = cuda_malloc(buffer, bytes);
    if (status == 0) *capacity = bytes;
    return status;
}

int ccuda_sgemm_nt_resident(int m, int n, int k, const float *a, const void *b_device, float *c) {
    if (ccuda_probe(NULL, 0) == 0) return -1;
    if (m <= 0 || n <= 0) return 0;
    int status = 0;
    thread_context *ctx = context(&status);
    if (!ctx) return status;
    size_t a_bytes = sizeof(float) * (size_t)m * (size_t)k, c_bytes = sizeof(float) * (size_t)m * (size_t)n;
    if ((status = reserve(&ctx->input, &ctx->input_bytes, a_bytes ? a_bytes : 1)) != 0) return status;
    if ((status = reserve(&ctx->output, &ctx->output_bytes, c_bytes)) != 0) return status;
    if (a_bytes && (status = cuda_memcpy_async(ctx->input, a, a_bytes, MEMCPY_HOST_TO_DEVICE, ctx->stream)) != 0) {
        return status;
    }
    const float one = 1.0f, zero = 0.0f;
    // Row-major C = A B^T is column-major C^T = B A^T: B is read transposed, A as stored.
    if ((status = cublas_sgemm(ctx->blas, CUBLAS_OP_T, CUBLAS_OP_N, n, m, k, &one, b_device, k > 0 ? k : 1,
                               ctx->input, k > 0 ? k : 1, &zero, ctx->output, n)) != 0) {
        cuda_stream_synchronize(ctx->stream);
        return status + CUBLAS_STATUS_BASE;
    }
    if ((status = cuda_memcpy_async(c, ctx->output, c_bytes, MEMCPY_DEVICE_TO_HOST, ctx->stream)) != 0) {
        cuda_stream_synchronize(ctx->stream);
        return status;
    }
    return cuda_stream_synchronize(ctx->stream);
}
