import Foundation

/// The speech-enhancement network: a gain mask per STFT bin, computed causally from log-power features.
///
/// Per frame: standardised log power `z = (log(|X|² + floor) − mean) / std`; features are `z` of this
/// frame and the `contextFrames − 1` before it (zeros before the start) plus exponential running means of
/// `z`; three dense layers (ReLU, ReLU, sigmoid) give the mask, which scales the complex spectrum before
/// the inverse STFT. The first layer over stacked past frames is a causal convolution in time.
/// Training/model.py is the reference implementation; the parity test holds the two together.
///
/// Loaded from a folder like a Hugging Face repo: `config.yaml` + `model.safetensors`. Immutable once
/// loaded, so one instance serves all requests.
public struct SpeechEnhancerModel: Sendable {
    public let config: EnhancerConfig
    let mean: [Float]
    let std: [Float]
    let layers: [(weight: Matrix, bias: [Float])]
    let stft: STFT
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
        let expected: [String: [Int]] = [
            "input.mean": [b], "input.std": [b],
            "layers.0.weight": [h, config.featureWidth], "layers.0.bias": [h],
            "layers.1.weight": [h, h], "layers.1.bias": [h],
            "layers.2.weight": [b, h], "layers.2.bias": [b],
        ]
        if let extra = Set(weights.tensors.keys).subtracting(expected.keys).sorted().first {
            throw Self.bad("unexpected tensor '\(extra)'")
        }
        for (name, shape) in expected.sorted(by: { $0.key < $1.key }) {
            guard let t = weights.tensors[name] else { throw Self.bad("missing tensor '\(name)'") }
            guard t.shape == shape else { throw Self.bad("tensor '\(name)' has shape \(t.shape), expected \(shape)") }
            guard t.values.allSatisfy(\.isFinite) else { throw Self.bad("tensor '\(name)' has non-finite values") }
        }
        func tensor(_ n: String) -> [Float] { weights.tensors[n]!.values }
        guard tensor("input.std").allSatisfy({ $0 > 0 }) else { throw Self.bad("input.std must be positive") }
        self.config = config
        mean = tensor("input.mean")
        std = tensor("input.std")
        layers = (0..<3).map { i in
            let w = weights.tensors["layers.\(i).weight"]!
            return (Matrix(rows: w.shape[0], cols: w.shape[1], values: w.values), tensor("layers.\(i).bias"))
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
            var h = try backend.linear(features, weight: layers[0].weight, bias: layers[0].bias)
            Activation.relu(&h)
            h = try backend.linear(h, weight: layers[1].weight, bias: layers[1].bias)
            Activation.relu(&h)
            var mask = try backend.linear(h, weight: layers[2].weight, bias: layers[2].bias)
            Activation.sigmoid(&mask)
            try body(frames, re, im, mask)
            start = frames.upperBound
        }
    }

    private static func bad(_ detail: String) -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_model", "model.safetensors: \(detail)")
    }
}
