import CCUDAShim

/// The GPU backend: dense products on cuBLAS, reached through the `CCUDAShim` C target, which binds
/// libcudart/libcublas with `dlopen` at run time. It exists only where `CUDABackend.probe()` finds a device.
///
/// Weights are uploaded once, by ``place(_:)`` when a model loads; a product moves only its input and its
/// output. Each thread that runs products has its own CUDA stream and cuBLAS handle (made on its first
/// product, kept until the thread ends), so the inference threads run side by side without a lock.
/// Everything runs on device 0.
public struct CUDABackend: TensorBackend {
    /// What the probe found: the device count, or why there is no usable GPU.
    public struct Availability: Sendable, Equatable {
        public let deviceCount: Int
        /// Empty when a device is usable.
        public let reason: String
        public var isAvailable: Bool { deviceCount > 0 }

        /// An answer as the probe gives it (tests build both kinds to check device selection).
        public init(deviceCount: Int, reason: String) {
            self.deviceCount = deviceCount
            self.reason = reason
        }
    }

    public var name: String { "cuda" }

    /// 2,048 frames (16.4 s at 16 kHz): three products per batch, one batch for most requests.
    public var preferredBatchFrames: Int { 2048 }

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

    /// The layer with its weight copied into device memory (freed when the last copy of the layer goes);
    /// a layer already on the device is returned as it is.
    public func place(_ layer: LinearLayer) throws -> LinearLayer {
        if layer.isOnDevice { return layer }
        return LinearLayer(weight: layer.weight, bias: layer.bias, deviceWeight: try DeviceWeights(layer.weight))
    }

    public func linear(_ input: Matrix, _ layer: LinearLayer) throws -> Matrix {
        try checkLinearShapes(input, layer)
        guard let device = layer.deviceWeight else {
            throw MinerKitError(.internal, code: "tensor_not_placed",
                                "linear: the layer's weight is not on the GPU; place it with CUDABackend.place(_:) when the model loads")
        }
        var out = Matrix(rows: input.rows, cols: layer.weight.rows)
        guard input.rows > 0 else { return out }
        let status = input.values.withUnsafeBufferPointer { a in
            out.values.withUnsafeMutableBufferPointer { c in
                ccuda_sgemm_nt_resident(Int32(input.rows), Int32(device.rows), Int32(device.cols),
                                        a.baseAddress, UnsafeRawPointer(device.address), c.baseAddress)
            }
        }
        guard status == 0 else {
            let what = status >= 10000 ? "cuBLAS status \(status - 10000)" : "CUDA status \(status)"
            throw MinerKitError(.internal, code: "cuda_failed", "a GPU product failed (\(what))")
        }
        let bias = layer.bias, n = out.cols
        out.values.withUnsafeMutableBufferPointer { c in
            for r in 0..<input.rows {
                for j in 0..<n { c[r * n + j] += bias[j] }
            }
        }
        return out
    }
}
