import Foundation

/// The whole enhancement path for one request: decode → validate → mix to mono → resample to the model
/// rate → model → resample back → trim to the input length → encode.
///
/// The reply comes back the way the request came (``AudioEncoding``): a `.npy` array is answered with a
/// float32 `.npy` of its shape (`(T,)` stays `(T,)`, `(C, T)` becomes `(C, T)` with the enhanced mono
/// signal in every channel), a WAV file with a WAV file of its sample format, rate and channel count, raw
/// float32 samples with raw float32 samples. Output sample `i` is aligned with input sample `i`.
/// Stateless and `Sendable`: one instance serves concurrent requests.
public struct AudioEnhancer: Sendable {
    public let model: SpeechEnhancerModel
    public let backend: any TensorBackend
    public let limits: AudioLimits

    /// An enhancer running `model` on `backend`; the model's weights are placed on it here, once (on a
    /// GPU, uploaded into device memory that lives as long as the enhancer).
    /// - Throws: `cuda_failed` when an upload fails.
    public init(model: SpeechEnhancerModel, backend: any TensorBackend, limits: AudioLimits = AudioLimits()) throws {
        self.model = try model.placed(on: backend)
        self.backend = backend
        self.limits = limits
    }

    /// An enhancer on this machine's preferred backend (`TensorBackends.preferred()`).
    public init(model: SpeechEnhancerModel, limits: AudioLimits = AudioLimits()) throws {
        try self.init(model: model, backend: try TensorBackends.preferred(), limits: limits)
    }

    /// Enhances base64 audio (`.npy`, WAV or raw float32) and returns base64 of the reply, in the request's encoding.
    public func enhance(base64Audio: String, sampleRate: Int) throws -> String {
        try reply(base64Audio: base64Audio, sampleRate: sampleRate).base64
    }

    /// The same with the base64 text as ASCII bytes, so an HTTP body slice need not become a String.
    public func enhance(base64Audio ascii: Data, sampleRate: Int) throws -> String {
        try reply(sampleRate: sampleRate) { try AudioPayload.decode(base64: ascii, maxBytes: limits.maxPayloadBytes) }.base64
    }

    /// ``enhance(base64Audio:sampleRate:)`` that also says how many samples per channel the audio held
    /// (for metrics such as the real-time factor) and, given a `transcriber`, the words of the enhanced audio.
    public func reply(base64Audio: String, sampleRate: Int,
                      transcriber: (any SpeechTranscriber)? = nil) throws -> (base64: String, frames: Int, text: String?) {
        try reply(sampleRate: sampleRate, transcriber: transcriber) {
            try AudioPayload.decode(base64: base64Audio, maxBytes: limits.maxPayloadBytes)
        }
    }

    /// The same with the base64 text as ASCII bytes.
    public func reply(base64Audio ascii: Data, sampleRate: Int,
                      transcriber: (any SpeechTranscriber)? = nil) throws -> (base64: String, frames: Int, text: String?) {
        try reply(sampleRate: sampleRate, transcriber: transcriber) {
            try AudioPayload.decode(base64: ascii, maxBytes: limits.maxPayloadBytes)
        }
    }

    private func reply(sampleRate: Int, transcriber: (any SpeechTranscriber)? = nil,
                       _ decode: () throws -> DecodedAudio) throws -> (base64: String, frames: Int, text: String?) {
        // Scoped so the decoded input is freed before the reply is encoded (peak memory of long clips).
        let (channels, layout, encoding) = try {
            let audio = try decode()
            return (try enhance(audio, sampleRate: sampleRate), audio.layout, audio.encoding)
        }()
        // Every channel holds the same enhanced mono signal.
        let text = try channels.first.flatMap { mono in try transcriber?.transcribe(mono, sampleRate: sampleRate) }
        let reply = encoding.encode(channels, layout: layout, sampleRate: sampleRate)
        return (reply.base64EncodedString(), channels.first?.count ?? 0, text)
    }

    /// Validates decoded audio and enhances it; returns one array per input channel, each of the input length.
    public func enhance(_ audio: DecodedAudio, sampleRate: Int, progress: ((Double) -> Void)? = nil) throws -> [[Float]] {
        try validate(audio, sampleRate: sampleRate)
        let mono = try enhanceMono(audio.mixedToMono(), sampleRate: sampleRate, progress: progress)
        return [[Float]](repeating: mono, count: audio.channels.count)
    }

    /// Enhances mono samples at `sampleRate`; the result has exactly `samples.count` samples.
    ///
    /// Any finite input gives a finite output in the input's range convention:
    /// - audio whose peak exceeds 1 (integer-scaled floats, or values up to `Float.greatestFiniteMagnitude`)
    ///   is divided by its peak before the model and multiplied back after, so no intermediate overflows;
    /// - the reply is clamped to `±max(1, input peak)`: normalised audio (peak ≤ 1, clipped audio included)
    ///   stays within [-1, 1], larger-scaled audio within its own peak.
    ///
    /// Above the model's rate (22.05–96 kHz) the band the model does not see is kept: the input minus its
    /// band-limited copy (`up(down(x))`, both zero-delay, so the two parts add back to `x` exactly) is
    /// passed through with a per-frame gain, interpolated between frame centres: the share of energy the
    /// mask kept over the upper speech band (4–7.6 kHz at 16 kHz, see ``bandGainBins(_:)``), never below
    /// ``highBandFloor``. So the high band follows the model's speech/noise decision for the band below
    /// it, and is attenuated by at most 20 dB where the model has seen nothing of it.
    public func enhanceMono(_ samples: [Float], sampleRate: Int, progress: ((Double) -> Void)? = nil) throws -> [Float] {
        let peak = samples.reduce(Float(0)) { max($0, $1.magnitude) }
        guard peak.isFinite else {
            throw MinerKitError(.invalidInput, code: "non_finite_audio", "the audio contains NaN or infinite samples")
        }
        // Scale the working copy so its peak is at most 1 (Double, so 1/peak never becomes subnormal).
        let scale = peak > 1 ? Double(peak) : 1
        let work = scale == 1 ? samples : samples.map { Float(Double($0) / scale) }
        var out = try enhanceNormalised(work, sampleRate: sampleRate, progress: progress)
        for i in out.indices {
            // Clamp in the normalised domain (±1), then restore the scale; a non-finite value cannot come
            // out of a finite input of peak ≤ 1, but if one did the reply would still be finite (silence).
            let v = out[i].isFinite ? min(max(out[i], -1), 1) : 0
            out[i] = scale == 1 ? v : Float(Double(v) * scale)
        }
        return out
    }

    /// The model path for samples of peak ≤ 1: resample to the model rate, enhance, resample back, and
    /// above the model rate add the gained high band.
    private func enhanceNormalised(_ samples: [Float], sampleRate: Int, progress: ((Double) -> Void)?) throws -> [Float] {
        let modelRate = model.config.sampleRate
        let down = try Resampler(from: sampleRate, to: modelRate)
        let up = try Resampler(from: modelRate, to: sampleRate)
        let low = down.process(samples)
        guard sampleRate > modelRate else {
            return fitted(up.process(try model.enhance(low, backend: backend, progress: progress)), to: samples.count)
        }
        let bins = Self.bandGainBins(model.config)
        let (enhanced, gain) = try model.enhance(low, backend: backend, bandGainBins: bins, progress: progress)
        var out = fitted(up.process(enhanced), to: samples.count)
        let band = fitted(up.process(low), to: samples.count)
        let hop = Double(model.config.hop), centre = Double(model.config.fftSize / 2 - model.config.hop)
        let ratio = Double(modelRate) / Double(sampleRate)
        for i in out.indices {
            // Position in frames of model-rate time i·ratio; frame f is centred on f·hop − centre.
            let u = (Double(i) * ratio + centre) / hop
            let f = min(max(Int(u.rounded(.down)), 0), max(gain.count - 1, 0))
            let next = min(f + 1, gain.count - 1)
            let t = Float(min(max(u - Double(f), 0), 1))
            let g = gain.isEmpty ? 1 : max(gain[f] + t * (gain[next] - gain[f]), Self.highBandFloor)
            out[i] += g * (samples[i] - band[i])
        }
        return out
    }

    /// The model bins whose combined gain (`sqrt(Σ m²|X|² / Σ |X|²)`, the energy the mask kept) the high
    /// band follows: 4 kHz up to 7.6 kHz at a 16 kHz model rate, the upper half of the speech band, where
    /// the fricatives whose energy goes on above 8 kHz sit (the resampler keeps up to 0.95 × Nyquist, so
    /// the band stops below its transition band). Wider than the top bins alone on purpose: in clean
    /// speech the bins just below 7.6 kHz hold little energy, and a mask that is low there on near-empty
    /// bins would silence the high band of speech it kept.
    static func bandGainBins(_ config: EnhancerConfig) -> Range<Int> {
        let binHz = Double(config.sampleRate) / Double(config.fftSize)
        let lo = Int((0.25 * Double(config.sampleRate) / binHz).rounded())
        let hi = Int((0.475 * Double(config.sampleRate) / binHz).rounded())
        return min(lo, config.bins - 1)..<min(max(hi, lo + 1), config.bins)
    }

    /// The least amplitude gain given to the band above the model's rate: an attenuation limit of 20 dB
    /// (as DeepFilterNet's `atten_lim_db`) for a band the model never sees, so a wrong speech/noise
    /// decision borrowed from the band below can quieten it but not remove it.
    static let highBandFloor: Float = 0.1

    /// `x` cut or zero-padded to `count` samples.
    private func fitted(_ x: [Float], to count: Int) -> [Float] {
        var x = x
        if x.count > count { x.removeLast(x.count - count) }
        if x.count < count { x.append(contentsOf: [Float](repeating: 0, count: count - x.count)) }
        return x
    }

    /// Refuses audio the service does not take, with `MinerKitError(.invalidInput)`.
    public func validate(_ audio: DecodedAudio, sampleRate: Int) throws {
        guard limits.sampleRates.contains(sampleRate) else {
            throw MinerKitError(.invalidInput, code: "invalid_sample_rate",
                                "sample_rate \(sampleRate) is outside \(limits.sampleRates.lowerBound)...\(limits.sampleRates.upperBound) Hz")
        }
        if let embedded = audio.embeddedSampleRate, embedded != sampleRate {
            throw MinerKitError(.invalidInput, code: "sample_rate_mismatch",
                                "the WAV header says \(embedded) Hz but sample_rate is \(sampleRate)")
        }
        guard audio.frameCount > 0 else { throw MinerKitError(.invalidInput, code: "empty_audio", "the audio has no samples") }
        guard Double(audio.frameCount) <= limits.maxSeconds * Double(sampleRate) else {
            throw MinerKitError(.invalidInput, code: "audio_too_long",
                                "the audio lasts \(audio.frameCount / sampleRate) s; the limit is \(Int(limits.maxSeconds)) s")
        }
        for channel in audio.channels where !channel.allSatisfy(\.isFinite) {
            throw MinerKitError(.invalidInput, code: "non_finite_audio", "the audio contains NaN or infinite samples")
        }
    }
}
