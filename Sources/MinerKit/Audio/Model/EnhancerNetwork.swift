import COpenBLASShim
import Foundation

/// The layers of a speech-enhancer model after its features, and their forward pass over a batch of frames.
///
/// Every product that does not depend on the recurrence runs once per batch, all frames at once, on the
/// ``TensorBackend``: the dense layers of v1; the encoder, the GRU's input product and the output layer of
/// v2. Only the GRU's recurrent product depends on the previous frame; it is a `[1 × H]·[H × 3H]` product
/// per frame, too small for a device round trip to pay, so it runs on the host (OpenBLAS) next to the gate
/// arithmetic that needs its result, whatever the backend.
enum EnhancerNetwork: Sendable {
    /// v1: dense layers (ReLU, ReLU, sigmoid).
    case dense([LinearLayer])
    /// v2: encoder, GRU, output layer.
    case gru(GRULayers)

    struct GRULayers: Sendable {
        let encoder: LinearLayer
        /// `[3H × H]`, rows r, z, n.
        let input: LinearLayer
        /// `[3H × H]`; host only (the per-frame recurrence).
        let recurrent: LinearLayer
        /// `[bins × 2H]` over [GRU state, encoder output].
        let output: LinearLayer
    }

    /// The same layers with the batched products' weights placed on `backend` (uploaded once on a GPU).
    func placed(on backend: any TensorBackend) throws -> EnhancerNetwork {
        switch self {
        case .dense(let layers):
            return .dense(try layers.map { try backend.place($0) })
        case .gru(let w):
            return .gru(GRULayers(encoder: try backend.place(w.encoder), input: try backend.place(w.input),
                                  recurrent: w.recurrent, output: try backend.place(w.output)))
        }
    }

    /// The sigmoid mask (rows × bins) for a batch of feature rows; `state` carries the GRU state from the
    /// previous batch to the next.
    func mask(_ features: consuming Matrix, state: inout [Float], backend: any TensorBackend) throws -> Matrix {
        switch self {
        case .dense(let layers):
            var h = try backend.linear(features, layers[0])
            Activation.relu(&h)
            h = try backend.linear(h, layers[1])
            Activation.relu(&h)
            var m = try backend.linear(h, layers[2])
            Activation.sigmoid(&m)
            return m
        case .gru(let w):
            var e = try backend.linear(features, w.encoder)
            _ = consume features
            Activation.relu(&e)
            var joined = try Self.recur(gi: backend.linear(e, w.input), w.recurrent, state: &state)
            Self.fill(&joined, rightHalfWith: e)
            _ = consume e
            var m = try backend.linear(joined, w.output)
            Activation.sigmoid(&m)
            return m
        }
    }

    /// Runs the GRU (PyTorch `nn.GRU`: gates r, z, n) over the rows of `gi` (the input part of every gate,
    /// `[rows × 3H]`) from `state`; returns `[rows × 2H]` with each row's new state in its first H columns.
    private static func recur(gi: Matrix, _ recurrent: LinearLayer, state: inout [Float]) throws -> Matrix {
        try OpenBLAS.load()
        let h = state.count, rows = gi.rows
        var joined = Matrix(rows: rows, cols: 2 * h)
        var gh = [Float](repeating: 0, count: 3 * h)
        state.withUnsafeMutableBufferPointer { s in
            gh.withUnsafeMutableBufferPointer { g in
                recurrent.weight.values.withUnsafeBufferPointer { w in
                    recurrent.bias.withUnsafeBufferPointer { b in
                        gi.values.withUnsafeBufferPointer { x in
                            joined.values.withUnsafeMutableBufferPointer { out in
                                for t in 0..<rows {
                                    _ = g.update(fromContentsOf: b)   // gh = b_hh + W_hh · state
                                    copenblas_sgemm_nt_acc(1, Int32(3 * h), Int32(h), s.baseAddress, w.baseAddress, g.baseAddress)
                                    let row = t * 3 * h
                                    for j in 0..<h {
                                        let r = 1 / (1 + expf(-(x[row + j] + g[j])))
                                        let z = 1 / (1 + expf(-(x[row + h + j] + g[h + j])))
                                        let n = tanhf(x[row + 2 * h + j] + r * g[2 * h + j])
                                        s[j] = (1 - z) * n + z * s[j]
                                        out[t * 2 * h + j] = s[j]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return joined
    }

    /// Copies `e` (`[rows × H]`) into the last H columns of `joined` (`[rows × 2H]`).
    private static func fill(_ joined: inout Matrix, rightHalfWith e: Matrix) {
        let h = e.cols
        joined.values.withUnsafeMutableBufferPointer { out in
            e.values.withUnsafeBufferPointer { src in
                for t in 0..<e.rows {
                    _ = UnsafeMutableBufferPointer(rebasing: out[t * 2 * h + h..<(t + 1) * 2 * h])
                        .update(fromContentsOf: UnsafeBufferPointer(rebasing: src[t * h..<(t + 1) * h]))
                }
            }
        }
    }
}
