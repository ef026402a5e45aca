import COpenBLASShim

/// The CPU backend: dense products on OpenBLAS `cblas_sgemm`.
///
/// OpenBLAS keeps its own thread pool; by default it is limited to one thread so it does not compete
/// with Swift's concurrency (the service runs requests in parallel instead). OpenBLAS is bound at run
/// time with that limit already in place, so no extra thread ever starts (see `OpenBLAS`).
public struct CPUBackend: TensorBackend {
    public var name: String { "cpu-openblas" }

    /// 256 frames (2 MB of buffers for the shipped model): 2,048 or 7,500 were no cheaper and up to 20 %
    /// dearer in CPU per audio second on this project's hosts (`minerkit-bench inference`, batch sweep).
    public var preferredBatchFrames: Int { 256 }

    /// Binds OpenBLAS and sets its thread count.
    ///
    /// - Parameter blasThreads: OpenBLAS threads for the whole process (it is a global setting); an
    ///   exported `OPENBLAS_NUM_THREADS` wins.
    /// - Throws: `MinerKitError(.unavailable, code: "openblas_not_found")` when `libopenblas.so.0` is missing.
    public init(blasThreads: Int = 1) throws {
        try OpenBLAS.load(threads: blasThreads)
        OpenBLAS.threads = blasThreads
    }

    /// The threads OpenBLAS uses for one product (a process-wide setting).
    public var blasThreads: Int { OpenBLAS.threads }

    /// The OpenBLAS kernel family in use (`SkylakeX`, `Haswell`, …; an exported `OPENBLAS_CORETYPE` wins).
    public var blasCore: String { OpenBLAS.coreName }

    /// The layer as it is: OpenBLAS reads host memory.
    public func place(_ layer: LinearLayer) throws -> LinearLayer { layer }

    public func linear(_ input: Matrix, _ layer: LinearLayer) throws -> Matrix {
        try checkLinearShapes(input, layer)
        var out = biasRows(input.rows, layer.bias)
        guard input.rows > 0 else { return out }
        input.values.withUnsafeBufferPointer { a in
            layer.weight.values.withUnsafeBufferPointer { b in
                out.values.withUnsafeMutableBufferPointer { c in
                    copenblas_sgemm_nt_acc(Int32(input.rows), Int32(layer.weight.rows), Int32(input.cols),
                                           a.baseAddress, b.baseAddress, c.baseAddress)
                }
            }
        }
        return out
    }
}
