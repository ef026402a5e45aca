/// Chooses the tensor backend for this machine.
public enum TensorBackends {
    /// The backend `device` names on this machine (``TensorDevice/resolved(_:)`` on `CUDABackend.probe()`).
    ///
    /// - Parameter blasThreads: OpenBLAS threads when the CPU backend is chosen.
    /// - Throws: `cuda_unavailable` for `.cuda` without a usable device; `openblas_not_found` when the CPU
    ///   backend is chosen and OpenBLAS cannot be loaded.
    public static func backend(for device: TensorDevice, blasThreads: Int = 1) throws -> any TensorBackend {
        if try device.resolved(CUDABackend.probe()) == .cuda, let gpu = CUDABackend() { return gpu }
        return try CPUBackend(blasThreads: blasThreads)
    }

    /// ``backend(for:blasThreads:)`` with `.auto`: CUDA when a device is usable, otherwise the CPU.
    public static func preferred(blasThreads: Int = 1) throws -> any TensorBackend {
        try backend(for: .auto, blasThreads: blasThreads)
    }

    /// Whether a CUDA device is usable (what `/api/v1/health` reports as `gpu_available`).
    public static var gpuAvailable: Bool { CUDABackend.probe().isAvailable }
}
