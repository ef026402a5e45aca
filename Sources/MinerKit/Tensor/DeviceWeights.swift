import CCUDAShim

/// A weight matrix copied once into CUDA device memory; the memory is freed when the last reference goes.
///
/// `@unchecked Sendable`: the device address is set once in `init` and never changes; the memory it
/// names is only read by products (cuBLAS on any thread's stream) until `deinit`, which runs when no
/// layer can start another product with it.
final class DeviceWeights: @unchecked Sendable {
    let address: UnsafeMutableRawPointer
    let rows: Int
    let cols: Int

    /// Uploads `matrix` to device 0; throws `cuda_failed` when the allocation or the copy fails.
    init(_ matrix: Matrix) throws {
        var device: UnsafeMutableRawPointer?
        let status = matrix.values.withUnsafeBufferPointer { ccuda_upload($0.baseAddress, $0.count, &device) }
        guard status == 0, let device else {
            throw MinerKitError(.unavailable, code: "cuda_failed",
                                "uploading a [\(matrix.rows)x\(matrix.cols)] weight to the GPU failed with CUDA status \(status)")
        }
        address = device
        rows = matrix.rows
        cols = matrix.cols
    }

    deinit { ccuda_release(address) }
}
