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
/// The mask scales the complex spectrum before the inverse STFT. The products that do not depend on the
/// recurrence run on the ``TensorBackend`` once per batch of frames (``batchFrames``), every frame of the
/// batch in one product; the GRU's recurrent product runs per frame on the host (``EnhancerNetwork``).
/// The parity test holds the Swift pass and the reference together.
///
/// Loaded from a folder like a Hugging Face repo: `config.yaml` + `model.safetensors`, with its weights in
/// host memory; ``placed(on:)`` gives the copy whose weights live on a backend (on a GPU, uploaded once
/// and freed when the last copy of that model goes). Immutable once loaded, so one instance serves all
/// requests.
public struct SpeechEnhancerModel: Sendable {
    public let config: EnhancerConfig
    let mean: [Float]
    let std: [Float]
    let network: EnhancerNetwork
    let stft: STFT

    /// Frames per batch: each product that does not depend on the recurrence runs once per batch, every
    /// frame of the batch at once. `nil` (the default) takes the backend's
    /// ``TensorBackend/preferredBatchFrames``: 256 on the CPU, where larger batches measured no faster
    /// (their buffers, about 8 MB per 1,000 frames, leave the cache), 2,048 (16.4 s) on CUDA.
    public var batchFrames: Int?

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
        /// `name.weight`/`name.bias`, or PyTorch's GRU naming `name.weight_suffix`/`name.bias_suffix`.
        func layer(_ name: String, _ suffix: String? = nil) throws -> LinearLayer {
            let w = weights.tensors[suffix.map { "\(name).weight_\($0)" } ?? "\(name).weight"]!
            return try LinearLayer(weight: Matrix(rows: w.shape[0], cols: w.shape[1], values: w.values),
                                   bias: tensor(suffix.map { "\(name).bias_\($0)" } ?? "\(name).bias"))
        }
        guard tensor("input.std").allSatisfy({ $0 > 0 }) else { throw Self.bad("input.std must be positive") }
        self.config = config
        mean = tensor("input.mean")
        std = tensor("input.std")
        switch config.architecture {
        case .causalConvMask:
            network = .dense(try (0..<3).map { i in try layer("layers.\(i)") })
        case .causalGRUMask:
            network = .gru(EnhancerNetwork.GRULayers(
                encoder: try layer("encoder"), input: try layer("gru", "ih"),
                recurrent: try layer("gru", "hh"), output: try layer("output")))
        }
        stft = try STFT(size: config.fftSize, hop: config.hop)
    }

    private init(_ model: SpeechEnhancerModel, network: EnhancerNetwork) {
        config = model.config
        mean = model.mean
        std = model.std
        stft = model.stft
        batchFrames = model.batchFrames
        self.network = network
    }

    /// This model with its weights placed on `backend`: uploaded once into device memory on a GPU, as
    /// they are on the CPU. ``enhance(_:backend:progress:)`` on a GPU backend needs a model placed on it.
    /// - Throws: `cuda_failed` when an upload fails.
    public func placed(on backend: any TensorBackend) throws -> SpeechEnhancerModel {
        SpeechEnhancerModel(self, network: try network.placed(on: backend))
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

    /// Runs `samples` through the network in batches (``batchFrames``), handing each batch's
    /// frames, spectra and mask to `body`.
    private func run(_ samples: [Float], backend: any TensorBackend,
                     _ body: (Range<Int>, Matrix, Matrix, Matrix) throws -> Void) throws {
        let total = stft.frameCount(samples: samples.count), batch = max(1, batchFrames ?? backend.preferredBatchFrames)
        var carried = FeatureState(bins: config.bins, contextFrames: config.contextFrames, decays: config.emaDecays.count)
        var state = [Float](repeating: 0, count: config.hidden)          // GRU state, carried across batches
        var start = 0
        while start < total {
            let frames = start..<min(total, start + batch)
            var re = Matrix(rows: frames.count, cols: config.bins), im = re
            samples.withUnsafeBufferPointer { stft.analyze($0, frames: frames, re: &re, im: &im) }
            let features = self.features(re: re, im: im, carrying: &carried)
            let mask = try network.mask(features, state: &state, backend: backend)
            try body(frames, re, im, mask)
            start = frames.upperBound
        }
    }

    /// What the features of the next batch need from the previous one: the last `contextFrames − 1`
    /// rows of standardised log power (newest first) and the running means.
    private struct FeatureState {
        var history: [Float]
        var running: [Float]
        init(bins: Int, contextFrames: Int, decays: Int) {
            history = [Float](repeating: 0, count: bins * (contextFrames - 1))
            running = [Float](repeating: 0, count: bins * decays)
        }
    }

    /// One feature row per spectrum row: `z` of this frame, of the `contextFrames − 1` before it (newest
    /// first; zeros before the clip starts), then (v1) the running means of `z`.
    private func features(re: Matrix, im: Matrix, carrying carried: inout FeatureState) -> Matrix {
        let bins = config.bins, ctx = config.contextFrames, width = config.featureWidth
        let decays = config.emaDecays.map { (Float($0), Float(1 - $0)) }
        var features = Matrix(rows: re.rows, cols: width)
        features.values.withUnsafeMutableBufferPointer { f in
            for row in 0..<re.rows {
                let base = row * width
                for k in 0..<bins {
                    let p = re[row, k] * re[row, k] + im[row, k] * im[row, k]
                    f[base + k] = (logf(p + config.logFloor) - mean[k]) / std[k]
                }
                // This row's older context is the previous row's newer context, shifted by one frame.
                for c in 1..<max(ctx, 1) {
                    for k in 0..<bins {
                        f[base + c * bins + k] = row == 0 ? carried.history[(c - 1) * bins + k]
                                                          : f[base - width + (c - 1) * bins + k]
                    }
                }
                for (e, (a, oneMinusA)) in decays.enumerated() {
                    for k in 0..<bins {
                        carried.running[e * bins + k] = a * carried.running[e * bins + k] + oneMinusA * f[base + k]
                        f[base + (ctx + e) * bins + k] = carried.running[e * bins + k]
                    }
                }
            }
            if re.rows > 0 {
                let last = (re.rows - 1) * width
                for i in carried.history.indices { carried.history[i] = f[last + i] }
            }
        }
        return features
    }

    private static func bad(_ detail: String) -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_model", "model.safetensors: \(detail)")
    }
}
