import Foundation

/// The operations MinerKit's models run on, so one model can use the CPU or a GPU.
///
/// A model is written against this protocol; ``TensorBackends/backend(for:blasThreads:)`` picks the
/// implementation. Weights are placed on a backend once, when the model loads (``place(_:)``); after that
/// only a product's input and output move.
public protocol TensorBackend: Sendable {
    /// A short name for logs and health output ("cpu-openblas", "cuda").
    var name: String { get }

    /// Frames a model puts in one batch of products here unless told otherwise
    /// (``SpeechEnhancerModel/batchFrames``): few on the CPU, where a batch's buffers then stay in cache;
    /// many on a GPU, where each product costs a launch and two transfers.
    var preferredBatchFrames: Int { get }

    /// `layer` ready for this backend's products: the CPU uses it as it is; CUDA copies the weight into
    /// device memory, where it stays while the returned layer (or a copy of it) lives.
    func place(_ layer: LinearLayer) throws -> LinearLayer

    /// A dense layer as PyTorch's `nn.Linear` computes it: `input · weightᵀ + bias`, every row at once.
    ///
    /// `input` is `[n × in]`; the result is `[n × out]`. `layer` must come from ``place(_:)`` of a backend
    /// of this kind (CUDA refuses a layer that has no device copy rather than upload it per product).
    func linear(_ input: Matrix, _ layer: LinearLayer) throws -> Matrix
}

extension TensorBackend {
    /// A one-off product with a weight that is placed for this call only (an upload per call on a GPU);
    /// a weight used more than once belongs in a placed ``LinearLayer``.
    public func linear(_ input: Matrix, weight: Matrix, bias: [Float]) throws -> Matrix {
        try linear(input, place(LinearLayer(weight: weight, bias: bias)))
    }

    /// Checks the operand shapes of `linear` so every backend refuses the same mistakes the same way.
    func checkLinearShapes(_ input: Matrix, _ layer: LinearLayer) throws {
        guard input.cols == layer.weight.cols else {
            throw MinerKitError(.internal, code: "tensor_shape_mismatch",
                                "linear: input [\(input.rows)x\(input.cols)], weight [\(layer.weight.rows)x\(layer.weight.cols)]")
        }
    }

    /// A `[rows × bias.count]` matrix whose every row is `bias` (the start of `input · weightᵀ + bias`).
    func biasRows(_ rows: Int, _ bias: [Float]) -> Matrix {
        var out = Matrix(rows: rows, cols: bias.count)
        out.values.withUnsafeMutableBufferPointer { p in
            bias.withUnsafeBufferPointer { b in
                for r in 0..<rows { _ = UnsafeMutableBufferPointer(rebasing: p[r * b.count..<(r + 1) * b.count]).update(fromContentsOf: b) }
            }
        }
        return out
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
