import COpenBLAS

/// The CPU backend: dense products on OpenBLAS `cblas_sgemm`.
///
/// OpenBLAS starts its own thread pool; by default it is limited to one thread so it does not compete
/// with Swift's concurrency (the service runs requests in parallel instead).
public struct CPUBackend: TensorBackend {
    public var name: String { "cpu-openblas" }

    /// - Parameter blasThreads: OpenBLAS threads for the whole process (it is a global setting).
    public init(blasThreads: Int = 1) {
        openblas_set_num_threads(Int32(max(1, blasThreads)))
    }

    public func linear(_ input: Matrix, weight: Matrix, bias: [Float]) throws -> Matrix {
        try checkLinearShapes(input, weight: weight, bias: bias)
        var out = Matrix(rows: input.rows, cols: weight.rows)
        guard input.rows > 0 else { return out }
        for r in 0..<out.rows {
            out.values.replaceSubrange(r * out.cols..<(r + 1) * out.cols, with: bias)
        }
        input.values.withUnsafeBufferPointer { a in
            weight.values.withUnsafeBufferPointer { b in
                out.values.withUnsafeMutableBufferPointer { c in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                                Int32(input.rows), Int32(weight.rows), Int32(input.cols),
                                1, a.baseAddress, Int32(input.cols),
                                b.baseAddress, Int32(weight.cols),
                                1, c.baseAddress, Int32(out.cols))
                }
            }
        }
        return out
    }
}
