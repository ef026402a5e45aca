import Foundation
import MinerKit
import MinerKitTesting

/// Speech for the demo: sentences spoken by espeak-ng, mixed with noise at a chosen SNR.
enum NoisySpeech {
    struct Clip {
        var text: String
        var voice: String
        var sampleRate: Int
        var clean: [Float]
        var noisy: [Float]
    }

    /// Speaks `text` with espeak-ng `voice` and returns mono samples and their rate.
    static func speak(_ text: String, voice: String) throws -> (samples: [Float], sampleRate: Int) {
        let wav = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-demo-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: wav) }
        let ended: ChildProcess.Termination
        do {
            ended = try ChildProcess.runBlocking("/usr/bin/env", ["espeak-ng", "-v", voice, "-s", "150", "-w", wav.path, text])
        } catch {
            throw MinerKitError(.unavailable, code: "espeak_missing", "cannot run espeak-ng: \(error); run scripts/setup.sh")
        }
        guard ended == .exited(0), let data = try? Data(contentsOf: wav) else {
            throw MinerKitError(.unavailable, code: "espeak_failed",
                                "espeak-ng failed (\(ended)); is it installed? run scripts/setup.sh")
        }
        let audio = try WavCodec.decode(data)
        return (audio.mixedToMono(), audio.embeddedSampleRate ?? 22_050)
    }

    /// `clean` plus white noise and 50 Hz mains hum (with harmonics) at `snr` dB, from a fixed `seed`.
    static func addNoise(to clean: [Float], sampleRate: Int, snr: Double, seed: UInt64) -> [Float] {
        var state = seed
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        let noise = clean.indices.map { i -> Double in
            let t = Double(i) / Double(sampleRate)
            let hum = (1...4).reduce(0.0) { $0 + sin(2 * .pi * 50 * Double($1) * t) / Double($1) }
            return uniform() + 0.8 * hum
        }
        let speechPower = clean.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, clean.count))
        let noisePower = noise.reduce(0.0) { $0 + $1 * $1 } / Double(max(1, noise.count))
        let gain = (speechPower / max(noisePower, 1e-12) / pow(10, snr / 10)).squareRoot()
        return zip(clean, noise).map { Float(Double($0) + gain * $1) }
    }
}
