import CCUDAShim

/// The GPU backend: dense products on cuBLAS, reached through the `CCUDAShim` C target, which binds
/// libcudart/libcublas with `dlopen` at run time. It exists only where `CUDABackend.probe()` finds a device.
public struct CUDABackend: TensorBackend {
    /// What the probe found: the device count, or why there is no usable GPU.
    public struct Availability: Sendable, Equatable {
        public let deviceCount: Int
        /// Empty when a device is usable.
        public let reason: String
        public var isAvailable: Bool { deviceCount > 0 }
    }

    public var name: String { "cuda" }

    /// Looks for the CUDA libraries and a device (once per process; later calls return the same answer).
    public static func probe() -> Availability {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = ccuda_probe(&buffer, buffer.count)
        let reason = count > 0 ? "" : String(cStringBuffer: buffer)
        return Availability(deviceCount: Int(count), reason: reason)
    }

    /// A backend on device 0, or `nil` when `probe()` finds none.
    public init?() {
        guard Self.probe().isAvailable else { return nil }
    }

    public func linear(_ input: Matrix, weight: Matrix, bias: [Float]) throws -> Matrix {
        try checkLinearShapes(input, weight: weight, bias: bias)
        var out = Matrix(rows: input.rows, cols: weight.rows)
        guard input.rows > 0 else { return out }
        let status = input.values.withUnsafeBufferPointer { a in
            weight.values.withUnsafeBufferPointer { b in
                out.values.withUnsafeMutableBufferPointer { c in
                    ccuda_sgemm_nt(Int32(input.rows), Int32(weight.rows), Int32(input.cols),
                                   a.baseAddress, b.baseAddress, c.baseAddress)
                }
            }
        }
        guard status == 0 else {
            throw MinerKitError(.internal, code: "cuda_failed", "cuBLAS sgemm failed with status \(status)")
        }
        for r in 0..<out.rows {
            for j in 0..<out.cols { out.values[r * out.cols + j] += bias[j] }
        }
        return out
    }
}
