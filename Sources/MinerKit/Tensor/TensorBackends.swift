/// Chooses the tensor backend for this machine.
public enum TensorBackends {
    /// The CUDA backend when a GPU is usable and `allowGPU` is set, otherwise the OpenBLAS CPU backend.
    ///
    /// - Parameter blasThreads: OpenBLAS threads when the CPU backend is chosen.
    /// - Throws: `openblas_not_found` when the CPU backend is chosen and OpenBLAS cannot be loaded.
    public static func preferred(allowGPU: Bool = true, blasThreads: Int = 1) throws -> any TensorBackend {
        if allowGPU, let gpu = CUDABackend() { return gpu }
        return try CPUBackend(blasThreads: blasThreads)
    }

    /// Whether a CUDA device is usable (what `/api/v1/health` reports as `gpu_available`).
    public static var gpuAvailable: Bool { CUDABackend.probe().isAvailable }
}
