import Foundation

/// The speech-enhancement network: a gain mask per STFT bin, computed causally from log-power features.
///
/// Per frame: standardised log power `z = (log(|X|² + floor) − mean) / std`; features are `z` of this
/// frame and the `contextFrames − 1` before it (zeros before the start), plus (v1) exponential running
/// means of `z`. Then, by ``EnhancerConfig/Architecture``:
/// - `causal_conv_mask` (v1): three dense layers (ReLU, ReLU, sigmoid); the first, over stacked past
///   frames, is a causal convolution in time. Reference: Training/model.py.
/// - `causal_gru_mask` (v2): a dense encoder (ReLU), a GRU (PyTorch `nn.GRU` equations, gates r, z, n)
///   carried across the whole clip, and a dense sigmoid layer over [GRU state, encoder output].
///   Reference: Training/model_v2.py.
/// The mask scales the complex spectrum before the inverse STFT. Every matrix product runs on the
/// ``TensorBackend``; the GRU's recurrent product is one `linear` of a single row per frame. The parity
/// test holds the Swift pass and the reference together.
///
/// Loaded from a folder like a Hugging Face repo: `config.yaml` + `model.safetensors`. Immutable once
/// loaded, so one instance serves all requests.
public struct SpeechEnhancerModel: Sendable {
    public let config: EnhancerConfig
    let mean: [Float]
    let std: [Float]
    let network: Network
    let stft: STFT
    /// The weights of the network after the features.
    enum Network: Sendable {
        /// v1: dense layers (ReLU, ReLU, sigmoid).
        case dense([(weight: Matrix, bias: [Float])])
        /// v2: encoder, GRU, output layer.
        case gru(GRUWeights)
    }

    struct GRUWeights: Sendable {
        let encoder: Matrix, encoderBias: [Float]
        let inputWeight: Matrix, inputBias: [Float]          // [3H × H], rows r, z, n
        let recurrentWeight: Matrix, recurrentBias: [Float]  // [3H × H]
        let output: Matrix, outputBias: [Float]              // [bins × 2H]
    }

    /// Frames processed per batch: bounds memory (≈ 2 MB of features) whatever the clip length.
    static let chunkFrames = 256

    /// Loads and checks `config.yaml` and `model.safetensors` in `directory`.
    ///
    /// - Throws: `MinerKitError(.invalidInput)` with code `invalid_config`, `invalid_safetensors` or
    ///   `invalid_model` (a tensor missing, extra, of the wrong shape, or non-finite).
    public init(directory: URL) throws {
        let configURL = directory.appendingPathComponent("config.yaml")
        guard let yaml = try? String(contentsOf: configURL, encoding: .utf8) else {
            throw MinerKitError(.invalidInput, code: "invalid_config", "cannot read \(configURL.path)")
        }
        try self.init(config: EnhancerConfig(yaml: yaml),
                      weights: SafeTensors(contentsOf: directory.appendingPathComponent("model.safetensors")))
    }

    /// Builds the model from a parsed config and weights, checking every tensor's name and shape.
    public init(config: EnhancerConfig, weights: SafeTensors) throws {
        let b = config.bins, h = config.hidden
        var expected: [String: [Int]] = ["input.mean": [b], "input.std": [b]]
        switch config.architecture {
        case .causalConvMask:
            expected.merge([
                "layers.0.weight": [h, config.featureWidth], "layers.0.bias": [h],
                "layers.1.weight": [h, h], "layers.1.bias": [h],
                "layers.2.weight": [b, h], "layers.2.bias": [b],
            ]) { $1 }
        case .causalGRUMask:
            expected.merge([
                "encoder.weight": [h, config.featureWidth], "encoder.bias": [h],
                "gru.weight_ih": [3 * h, h], "gru.bias_ih": [3 * h],
                "gru.weight_hh": [3 * h, h], "gru.bias_hh": [3 * h],
                "output.weight": [b, 2 * h], "output.bias": [b],
            ]) { $1 }
        }
        if let extra = Set(weights.tensors.keys).subtracting(expected.keys).sorted().first {
            throw Self.bad("unexpected tensor '\(extra)'")
        }
        for (name, shape) in expected.sorted(by: { $0.key < $1.key }) {
            guard let t = weights.tensors[name] else { throw Self.bad("missing tensor '\(name)'") }
            guard t.shape == shape else { throw Self.bad("tensor '\(name)' has shape \(t.shape), expected \(shape)") }
            guard t.values.allSatisfy(\.isFinite) else { throw Self.bad("tensor '\(name)' has non-finite values") }
        }
        func tensor(_ n: String) -> [Float] { weights.tensors[n]!.values }
        func matrix(_ n: String) -> Matrix {
            let w = weights.tensors[n]!
            return Matrix(rows: w.shape[0], cols: w.shape[1], values: w.values)
        }
        guard tensor("input.std").allSatisfy({ $0 > 0 }) else { throw Self.bad("input.std must be positive") }
        self.config = config
        mean = tensor("input.mean")
        std = tensor("input.std")
        switch config.architecture {
        case .causalConvMask:
            network = .dense((0..<3).map { i in (matrix("layers.\(i).weight"), tensor("layers.\(i).bias")) })
        case .causalGRUMask:
            network = .gru(GRUWeights(
                encoder: matrix("encoder.weight"), encoderBias: tensor("encoder.bias"),
                inputWeight: matrix("gru.weight_ih"), inputBias: tensor("gru.bias_ih"),
                recurrentWeight: matrix("gru.weight_hh"), recurrentBias: tensor("gru.bias_hh"),
                output: matrix("output.weight"), outputBias: tensor("output.bias")))
        }
        stft = try STFT(size: config.fftSize, hop: config.hop)
    }

    /// Enhances mono audio at `config.sampleRate`; the result has the same length and alignment.
    /// `progress` is called after each chunk with the fraction done.
    public func enhance(_ samples: [Float], backend: any TensorBackend, progress: ((Double) -> Void)? = nil) throws -> [Float] {
        try enhance(samples, backend: backend, bandGainBins: 0..<0, progress: progress).samples
    }

    /// ``enhance(_:backend:progress:)`` that also returns, per STFT frame, the amplitude gain the mask
    /// applied to the bins `bandGainBins` taken together: `sqrt(Σ m²|X|² / Σ |X|²)` over those bins (1 for
    /// a silent frame). The audio enhancer applies it to the band above the model's Nyquist frequency.
    /// Frame `f` is centred on sample `f · hop − (fftSize / 2 − hop)`.
    public func enhance(_ samples: [Float], backend: any TensorBackend, bandGainBins: Range<Int>,
                        progress: ((Double) -> Void)? = nil) throws -> (samples: [Float], bandGain: [Float]) {
        precondition(bandGainBins.isEmpty || (bandGainBins.lowerBound >= 0 && bandGainBins.upperBound <= config.bins))
        var out = [Float](repeating: 0, count: samples.count)
        var bandGain = [Float]()
        if !bandGainBins.isEmpty { bandGain.reserveCapacity(stft.frameCount(samples: samples.count)) }
        try run(samples, backend: backend) { frames, re, im, mask in
            if !bandGainBins.isEmpty {
                for row in 0..<frames.count {
                    var before = 0.0, after = 0.0
                    for k in bandGainBins {
                        let p = Double(re[row, k]) * Double(re[row, k]) + Double(im[row, k]) * Double(im[row, k])
                        let m = Double(mask[row, k])
                        before += p
                        after += m * m * p
                    }
                    bandGain.append(before > 0 ? Float((after / before).squareRoot()) : 1)
                }
            }
            var re = re, im = im
            for i in re.values.indices {
                re.values[i] *= mask.values[i]
                im.values[i] *= mask.values[i]
            }
            stft.synthesize(re: re, im: im, frames: frames, into: &out)
            progress?(Double(frames.upperBound) / Double(max(1, stft.frameCount(samples: samples.count))))
        }
        stft.finish(&out)
        return (out, bandGain)
    }

    /// The mask for every frame of `samples` (frames × bins), for tests and inspection.
    public func mask(_ samples: [Float], backend: any TensorBackend) throws -> Matrix {
        var all = Matrix(rows: stft.frameCount(samples: samples.count), cols: config.bins)
        try run(samples, backend: backend) { frames, _, _, mask in
            all.values.replaceSubrange(frames.lowerBound * config.bins..<frames.upperBound * config.bins, with: mask.values)
        }
        return all
    }

    /// Streams `samples` through the network chunk by chunk, handing each chunk's spectra and mask to `body`.
    private func run(_ samples: [Float], backend: any TensorBackend,
                     _ body: (Range<Int>, Matrix, Matrix, Matrix) throws -> Void) throws {
        let bins = config.bins, ctx = config.contextFrames, width = config.featureWidth
        let decays = config.emaDecays.map { (Float($0), Float(1 - $0)) }
        let total = stft.frameCount(samples: samples.count)
        var history = [[Float]](repeating: [Float](repeating: 0, count: bins), count: ctx)   // z of t, t-1, ...
        var running = [[Float]](repeating: [Float](repeating: 0, count: bins), count: decays.count)
        var state = [Float](repeating: 0, count: config.hidden)          // GRU state, carried across chunks
        var start = 0
        while start < total {
            let frames = start..<min(total, start + Self.chunkFrames)
            var re = Matrix(rows: frames.count, cols: bins), im = re
            samples.withUnsafeBufferPointer { stft.analyze($0, frames: frames, re: &re, im: &im) }
            var features = Matrix(rows: frames.count, cols: width)
            for row in 0..<frames.count {
                history.removeLast()
                var z = [Float](repeating: 0, count: bins)
                for k in 0..<bins {
                    let p = re[row, k] * re[row, k] + im[row, k] * im[row, k]
                    z[k] = (logf(p + config.logFloor) - mean[k]) / std[k]
                }
                history.insert(z, at: 0)
                let base = row * width
                for (c, frame) in history.enumerated() {
                    features.values.replaceSubrange(base + c * bins..<base + (c + 1) * bins, with: frame)
                }
                for (e, (a, oneMinusA)) in decays.enumerated() {
                    for k in 0..<bins { running[e][k] = a * running[e][k] + oneMinusA * z[k] }
                    features.values.replaceSubrange(base + (ctx + e) * bins..<base + (ctx + e + 1) * bins, with: running[e])
                }
            }
            let mask: Matrix
            switch network {
            case .dense(let layers):
                var h = try backend.linear(features, weight: layers[0].weight, bias: layers[0].bias)
                Activation.relu(&h)
                h = try backend.linear(h, weight: layers[1].weight, bias: layers[1].bias)
                Activation.relu(&h)
                var m = try backend.linear(h, weight: layers[2].weight, bias: layers[2].bias)
                Activation.sigmoid(&m)
                mask = m
            case .gru(let w):
                mask = try Self.gruMask(features, w, state: &state, backend: backend)
            }
            try body(frames, re, im, mask)
            start = frames.upperBound
        }
    }

    /// The v2 network on one chunk of features: encoder, GRU over the rows in order (continuing from
    /// `state`), output layer; returns the sigmoid mask (rows × bins).
    static func gruMask(_ features: Matrix, _ w: GRUWeights, state: inout [Float], backend: any TensorBackend) throws -> Matrix {
        var e = try backend.linear(features, weight: w.encoder, bias: w.encoderBias)
        Activation.relu(&e)
        let gi = try backend.linear(e, weight: w.inputWeight, bias: w.inputBias)   // input part of every gate, all rows at once
        let h = state.count, rows = features.rows
        var joined = Matrix(rows: rows, cols: 2 * h)                             // [GRU state, encoder output] per row
        var current = Matrix(rows: 1, cols: h, values: state)
        for t in 0..<rows {
            let gh = try backend.linear(current, weight: w.recurrentWeight, bias: w.recurrentBias)
            let g = t * 3 * h
            for j in 0..<h {
                let r = 1 / (1 + expf(-(gi.values[g + j] + gh.values[j])))
                let z = 1 / (1 + expf(-(gi.values[g + h + j] + gh.values[h + j])))
                let n = tanhf(gi.values[g + 2 * h + j] + r * gh.values[2 * h + j])
                current.values[j] = (1 - z) * n + z * current.values[j]
            }
            joined.values.replaceSubrange(t * 2 * h..<t * 2 * h + h, with: current.values)
            joined.values.replaceSubrange(t * 2 * h + h..<(t + 1) * 2 * h, with: e.values[t * h..<(t + 1) * h])
        }
        state = current.values
        var m = try backend.linear(joined, weight: w.output, bias: w.outputBias)
        Activation.sigmoid(&m)
        return m
    }

    private static func bad(_ detail: String) -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_model", "model.safetensors: \(detail)")
    }
}
