import Foundation

/// The operations MinerKit's models run on, so one model can use the CPU or a GPU.
///
/// A model is written against this protocol; `TensorBackends.preferred()` picks the implementation.
public protocol TensorBackend: Sendable {
    /// A short name for logs and health output ("cpu-openblas", "cuda").
    var name: String { get }

    /// A dense layer as PyTorch's `nn.Linear` computes it: `input · weightᵀ + bias`.
    ///
    /// `weight` is `[out × in]`, `input` is `[n × in]`, `bias` has `out` values; the result is `[n × out]`.
    func linear(_ input: Matrix, weight: Matrix, bias: [Float]) throws -> Matrix
}

extension TensorBackend {
    /// Checks the operand shapes of `linear` so every backend refuses the same mistakes the same way.
    func checkLinearShapes(_ input: Matrix, weight: Matrix, bias: [Float]) throws {
        guard input.cols == weight.cols, bias.count == weight.rows else {
            throw MinerKitError(.internal, code: "tensor_shape_mismatch",
                                "linear: input [\(input.rows)x\(input.cols)], weight [\(weight.rows)x\(weight.cols)], bias \(bias.count)")
        }
    }
}

/// Element-wise activations, shared by every backend (they are memory-bound and cheap on the host).
public enum Activation {
    /// `max(x, 0)` in place.
    public static func relu(_ m: inout Matrix) {
        m.values.withUnsafeMutableBufferPointer { p in
            for i in p.indices where p[i] < 0 { p[i] = 0 }
        }
    }

    /// `1 / (1 + e^(-x))` in place.
    public static func sigmoid(_ m: inout Matrix) {
        m.values.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = 1 / (1 + expf(-p[i])) }
        }
    }
}
