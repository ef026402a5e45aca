import Foundation
import Hummingbird
import MinerKit

/// `POST /api/v1/inference` body: `{"audio_data", "sample_rate"}`.
struct InferenceRequest: Codable, Sendable, Equatable {
    var audioData: String
    var sampleRate: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case audioData = "audio_data"
        case sampleRate = "sample_rate"
    }

    init(audioData: String, sampleRate: Int) {
        self.audioData = audioData
        self.sampleRate = sampleRate
    }

    /// A `sample_rate` that is a number but no integer (`1e30`, `16000.5`) is refused with a message
    /// about the sample rate, not about types.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        audioData = try container.decode(String.self, forKey: .audioData)
        if let rate = try? container.decode(Int.self, forKey: .sampleRate) {
            sampleRate = rate
        } else if let number = try? container.decode(Double.self, forKey: .sampleRate) {
            let problem = number == number.rounded() ? "is too large" : "is not a whole number"
            throw MinerKitError(.invalidInput, code: "invalid_sample_rate",
                                "sample_rate \(number) \(problem): it is the audio's rate in whole Hz, e.g. 16000")
        } else {
            sampleRate = try container.decode(Int.self, forKey: .sampleRate)   // missing or not a number: says which
        }
    }

    /// Decodes a request body; the shape errors `APIJSON` serves as 422 are 400 here, the only client
    /// error the miner inference spec lists.
    static func decode(_ body: ByteBuffer) throws -> InferenceRequest {
        do {
            return try APIJSON.decode(InferenceRequest.self, from: body)
        } catch let error as MinerKitError where error.kind == .validation {
            throw MinerKitError(.invalidInput, code: error.code, error.detail)
        }
    }

    /// The request's shape under `limits` (the sample rates the service takes).
    static func wireSchema(limits: AudioLimits) -> WireSchema {
        .object(CodingKeys.self) { key in
            switch key {
            case .audioData:
                .string(minLength: 1, format: "byte").described(
                    "Base64 of the audio: `.npy` bytes of a float32/float64/int16 array (mono, or frames x channels), "
                    + "a WAV file, or raw little-endian float32 samples. Audio that does not decode is a 400.").required
            case .sampleRate: .integer(minimum: limits.sampleRates.lowerBound, maximum: limits.sampleRates.upperBound)
                .described("Samples per second of the audio").required
            }
        }.example(["audio_data": .string(exampleAudio), "sample_rate": 16000])
    }

    /// 0.1 s of a 220 Hz tone at 16 kHz, as raw float32.
    private static let exampleAudio = RawAudioCodec.encode((0..<1600).map { 0.3 * sin(Float($0) * 2 * .pi * 220 / 16000) })
        .base64EncodedString()
}

/// `POST /api/v1/inference` answer: `{"audio_data"}`, plus `"text"` when the model transcribes.
struct InferenceResponse: Codable, Sendable, Equatable, WireSchemaProviding {
    var audioData: String
    /// Never `null`: absent when the model does not transcribe.
    var text: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case audioData = "audio_data"
        case text
    }

    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .audioData: .string(format: "byte").described("The enhanced audio, in the request's encoding").required
        case .text: .string().described("The transcription, when the model gives one")
        }
    }
}

/// `GET /api/v1/health` body: `{"status", "model_loaded", "gpu_available", "version"}`.
struct InferenceHealth: Codable, Sendable, Equatable, WireSchemaProviding {
    /// `healthy` once the model is loaded (200), `loading` before (503).
    var status: String
    var modelLoaded: Bool
    var gpuAvailable: Bool
    /// The build serving (``MinerKitVersion/current``).
    var version: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case status
        case modelLoaded = "model_loaded"
        case gpuAvailable = "gpu_available"
        case version
    }

    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .status: .string(values: ["healthy", "loading"]).required
        case .modelLoaded: .boolean.required
        case .gpuAvailable: .boolean.required
        case .version: .string().described("The MinerKit build serving").required
        }
    }
}
