/// Where the tensor products run: `minerkit inference serve --device auto|cpu|cuda`.
public enum TensorDevice: String, Sendable, CaseIterable {
    /// CUDA when a usable device exists, otherwise the CPU.
    case auto
    /// OpenBLAS on the CPU, even where a GPU exists.
    case cpu
    /// CUDA on device 0; refused where there is no usable device.
    case cuda

    /// The backend kind this choice means on a machine whose probe answered `gpu`.
    ///
    /// - Throws: `MinerKitError(.unavailable, code: "cuda_unavailable")` for `.cuda` without a usable
    ///   device, saying what the probe found missing.
    public func resolved(_ gpu: CUDABackend.Availability) throws -> TensorDevice {
        switch self {
        case .cpu: return .cpu
        case .auto: return gpu.isAvailable ? .cuda : .cpu
        case .cuda:
            guard gpu.isAvailable else {
                throw MinerKitError(.unavailable, code: "cuda_unavailable",
                                    "CUDA was asked for, but no CUDA device is usable here (\(gpu.reason)); use the auto or cpu device")
            }
            return .cuda
        }
    }
}
