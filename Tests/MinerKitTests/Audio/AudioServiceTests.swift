import Foundation
import Testing
@testable import MinerKit

@Suite("Audio service")
struct AudioServiceTests {
    static func enhancer(_ limits: AudioLimits = AudioLimits()) throws -> AudioEnhancer {
        try AudioEnhancer(model: try SpeechEnhancerModel(directory: AudioFixtures.modelDirectory), backend: try CPUBackend(), limits: limits)
    }

    /// The parity clip (speech in noise, 16 kHz) resampled to `rate`.
    static func speech(rate: Int) throws -> [Float] {
        let x = try NpyCodec.decode(Data(contentsOf: AudioFixtures.modelDirectory.appendingPathComponent("parity/input.npy"))).channels[0]
        return try Resampler(from: 16000, to: rate).process(x)
    }

    static func b64(_ channels: [[Float]], _ layout: AudioLayout) -> String {
        NpyCodec.encode(channels, layout: layout).base64EncodedString()
    }

    @Test(arguments: [8000, 16000, 44100, 48000])
    func replyKeepsShapeLengthAndAlignment(rate: Int) throws {
        let e = try Self.enhancer()
        let x = try Self.speech(rate: rate)
        let reply = try NpyCodec.decode(Data(base64Encoded: e.enhance(base64Audio: Self.b64([x], .vector), sampleRate: rate))!)
        #expect(reply.layout == .vector && reply.frameCount == x.count)
        // The cross-correlation between input and output peaks at lag 0: no delay added.
        let y = reply.channels[0]
        func corr(_ lag: Int) -> Double {
            var s = 0.0
            for i in max(0, lag)..<min(x.count, x.count + lag) { s += Double(x[i - lag]) * Double(y[i]) }
            return s
        }
        let best = (-40...40).max { corr($0) < corr($1) }
        #expect(best == 0)
    }

    @Test func channelsFirstInputIsAnsweredInTheSameShape() throws {
        let e = try Self.enhancer()
        let x = try Self.speech(rate: 16000)
        let row = try NpyCodec.decode(Data(base64Encoded: e.enhance(base64Audio: Self.b64([x], .channelsFirst(1)), sampleRate: 16000))!)
        #expect(row.layout == .channelsFirst(1) && row.frameCount == x.count)
        let stereo = try NpyCodec.decode(Data(base64Encoded: e.enhance(base64Audio: Self.b64([x, x], .channelsFirst(2)), sampleRate: 16000))!)
        #expect(stereo.layout == .channelsFirst(2) && stereo.channels[0] == stereo.channels[1])
        #expect(stereo.channels[0] == row.channels[0])
    }

    @Test func refusesBadRequests() throws {
        let e = try Self.enhancer(AudioLimits(maxSeconds: 0.5))
        let x = try Self.speech(rate: 16000)
        func code(_ channels: [[Float]], rate: Int = 16000) -> String? {
            AudioFixtures.errorCode { _ = try e.enhance(base64Audio: Self.b64(channels, .vector), sampleRate: rate) }
        }
        #expect(code([Array(x[0..<100])], rate: 7999) == "invalid_sample_rate")
        #expect(code([Array(x[0..<100])], rate: 96001) == "invalid_sample_rate")
        #expect(code([x]) == "audio_too_long")
        #expect(code([[0, .nan, 0]]) == "non_finite_audio")
        #expect(code([[0, .infinity]]) == "non_finite_audio")
        #expect(code([[]]) == "empty_audio")
        let wav = WavCodec.encode([[0.1, 0.2]], sampleRate: 22050, format: .float32).base64EncodedString()
        #expect(AudioFixtures.errorCode { _ = try e.enhance(base64Audio: wav, sampleRate: 16000) } == "sample_rate_mismatch")
        let error = #expect(throws: MinerKitError.self) { _ = try e.enhance(base64Audio: "%%%", sampleRate: 16000) }
        #expect(error?.kind == .invalidInput)
    }

    @Test func serviceIsNotReadyUntilLoadedAndBoundsItsQueue() async throws {
        let service = InferenceService(configuration: .init(maxConcurrent: 1, queueCapacity: 1))
        #expect(await service.isReady == false)
        let x = Self.b64([Array(try Self.speech(rate: 16000)[0..<1600])], .vector)
        await #expect(throws: MinerKitError(.unavailable, code: "model_not_loaded", "the model is not loaded yet", retryAfter: 1)) {
            _ = try await service.enhance(base64Audio: x, sampleRate: 16000)
        }
        try await service.load(modelDirectory: AudioFixtures.modelDirectory)
        #expect(await service.isReady)

        _ = try await service.acquire()                      // occupy the only slot
        let queued = Task { try await service.enhance(base64Audio: x, sampleRate: 16000) }
        for _ in 0..<1000 where await service.queued == 0 { try await Task.sleep(for: .milliseconds(2)) }
        #expect(await service.queued == 1)
        let full = await #expect(throws: MinerKitError.self) { _ = try await service.enhance(base64Audio: x, sampleRate: 16000) }
        #expect(full?.code == "queue_full" && full?.retryAfter == 1)
        await service.release()                               // the queued request now runs
        let result = try await queued.value
        #expect(try NpyCodec.decode(Data(base64Encoded: result.audioBase64)!).frameCount == 1600)
        #expect(result.text == nil)
    }
}

/// What comes out for inputs at the edges of the float range and for clipped audio, and what happens to
/// the band above the model's rate.
@Suite("Audio enhancer: robust output and full band")
struct AudioEnhancerRobustnessTests {
    static func peak(_ x: [Float]) -> Float { x.reduce(0) { max($0, $1.magnitude) } }

    /// SI-SDR of `estimate` against `reference`, in dB (Double, so huge samples do not overflow).
    static func siSDR(_ reference: [Float], _ estimate: [Float]) -> Double {
        let r = reference.map(Double.init), e = estimate.map(Double.init)
        let dot = zip(r, e).reduce(0) { $0 + $1.0 * $1.1 }, rr = r.reduce(0) { $0 + $1 * $1 }
        let a = dot / rr
        var target = 0.0, residual = 0.0
        for i in r.indices { target += (a * r[i]) * (a * r[i]); residual += (e[i] - a * r[i]) * (e[i] - a * r[i]) }
        return 10 * log10(target / residual)
    }

    @Test func hugeInputsAreScaledAndRestoredWithFiniteOutput() throws {
        let e = try AudioServiceTests.enhancer()
        let x = try AudioServiceTests.speech(rate: 16000)
        let reference = try e.enhanceMono(x.map { $0 * 1000 }, sampleRate: 16000).map { $0 / 1000 }
        #expect(Self.siSDR(x, reference) > 0)      // the enhanced speech, not silence
        // 32767 (integer-scaled floats), 1e18, and a peak just below the largest finite float.
        for k in [32767, 1e18, Double(Float.greatestFiniteMagnitude) / Double(Self.peak(x)) * 0.999] {
            let input = x.map { Float(Double($0) * k) }
            #expect(input.allSatisfy { $0.isFinite })
            let y = try e.enhanceMono(input, sampleRate: 16000)
            #expect(y.count == x.count && y.allSatisfy { $0.isFinite }, "scale \(k)")
            #expect(Self.peak(y) <= Self.peak(input), "scale \(k)")
            // The same reply as at any other scale above 1, restored to this one.
            let restored = y.map { Float(Double($0) / k) }
            #expect(Self.siSDR(reference, restored) > 60, "scale \(k): \(Self.siSDR(reference, restored)) dB")
            #expect(abs(Self.peak(restored) / Self.peak(reference) - 1) < 1e-3)
        }
        for rate in [8000, 48000] {
            let y = try e.enhanceMono(try AudioServiceTests.speech(rate: rate).map { $0 * 1e18 }, sampleRate: rate)
            #expect(y.allSatisfy { $0.isFinite } && Self.peak(y) > 0, "\(rate) Hz")
        }
        let tiny = try e.enhanceMono(x.map { $0 * 1e-30 }, sampleRate: 16000)
        #expect(tiny.allSatisfy { $0.isFinite })
    }

    @Test func clippedInputStaysWithinTheUnitRange() throws {
        let e = try AudioServiceTests.enhancer()
        let x = try AudioServiceTests.speech(rate: 16000)
        let gain = 8 / Self.peak(x)
        let clipped = x.map { min(max($0 * gain, -1), 1) }
        #expect(clipped.filter { $0.magnitude == 1 }.count > 100)
        for rate in [16000, 48000] {
            let input = try Resampler(from: 16000, to: rate).process(clipped).map { min(max($0, -1), 1) }
            let y = try e.enhanceMono(input, sampleRate: rate)
            #expect(y.allSatisfy { $0.isFinite && $0.magnitude <= 1 }, "\(rate) Hz")
            #expect(Self.siSDR(input, y) > 0, "\(rate) Hz")
        }
        // A float32 WAV of the clipped audio is answered in float32 within full scale.
        let wav = WavCodec.encode([clipped], sampleRate: 16000, format: .float32).base64EncodedString()
        let reply = try WavCodec.decode(Data(base64Encoded: try e.enhance(base64Audio: wav, sampleRate: 16000))!)
        #expect(reply.channels[0].allSatisfy { $0.magnitude <= 1 })
    }

    @Test func aHighRateReplyKeepsTheBandAboveTheModelRate() throws {
        let e = try AudioServiceTests.enhancer()
        let x16 = try AudioServiceTests.speech(rate: 16000)
        let rate = 48000
        let down = try Resampler(from: rate, to: 16000), up = try Resampler(from: 16000, to: rate)
        // Speech below 8 kHz plus a band of noise above it (white noise minus its band-limited copy).
        var seed: UInt64 = 12345
        let white: [Float] = (0..<up.outputCount(for: x16.count)).map { _ in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: seed >> 11) % 2000 - 1000) / 1000 * 0.05
        }
        let whiteBand = up.process(down.process(white))
        let high = zip(white, whiteBand).map { $0 - $1 }
        let low = Array(up.process(x16).prefix(high.count))
        let input = zip(low, high).map { $0 + $1 }
        let y = try e.enhanceMono(input, sampleRate: rate)
        #expect(y.count == input.count)
        // The reply's band above 8 kHz is the input's, gained (the old path dropped it: ratio ~0).
        let yBand = Array(up.process(down.process(y)).prefix(y.count))
        let yHigh = zip(y, yBand).map { $0 - $1 }
        let energy = { (v: [Float]) in v.reduce(0.0) { $0 + Double($1) * Double($1) } }
        let ratio = energy(yHigh) / energy(high)
        #expect(ratio > 0.01 && ratio <= 1.01, "high band energy ratio \(ratio)")
        // It is the input's high band under a gain that moves with time (cosine similarity well above 0;
        // a constant gain would give 1).
        let cosine = zip(high, yHigh).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } / (energy(high) * energy(yHigh)).squareRoot()
        #expect(cosine > 0.5, "cosine similarity of the high bands \(cosine)")
        // Below 8 kHz the reply is the 16 kHz reply to the same audio.
        let at16 = try e.enhanceMono(down.process(input), sampleRate: 16000)
        let yLow = Array(down.process(y).prefix(at16.count))
        #expect(Self.siSDR(at16, yLow) > 20, "low band vs 16 kHz reply: \(Self.siSDR(at16, yLow)) dB")
    }
}
