import Foundation

/// The built-in job handler: speech enhancement of audio jobs, the miner's product.
///
/// An audio job carries the inference request `{audio_data, sample_rate}` as its payload (the
/// coordinator keeps a `{payload}` job's payload under `params.payload`; a job whose input is that JSON
/// works too). The result is the inference reply `{audio_data}` as JSON (the audio in the payload's
/// encoding; no `text`, as the enhancer does not transcribe), with metrics
/// `execution_time_seconds`, `gpu_time_seconds` (compute time on this miner, CPU or GPU),
/// `audio_seconds` and `real_time_factor`.
///
/// The enhancement runs on threads of the handler's own, never on Swift's cooperative pool; give it as
/// many as the runtime works jobs at once. They stop when the last copy of the handler goes away.
public struct AudioJobHandler: JobHandler {
    /// The model name audio jobs ask for.
    public static let model = "speech-enhancer"

    public let enhancer: AudioEnhancer
    private let threads: InferenceThreads

    /// - Parameter threads: jobs enhanced at once (the runtime's `maxConcurrent`).
    public init(enhancer: AudioEnhancer, threads: Int = 1) {
        self.enhancer = enhancer
        self.threads = InferenceThreads(count: threads)
    }

    /// Loads the model folder (`config.yaml` + `model.safetensors`) and uses the preferred backend.
    public init(modelDirectory: URL, threads: Int = 1) throws {
        self.init(enhancer: try AudioEnhancer(model: try SpeechEnhancerModel(directory: modelDirectory)), threads: threads)
    }

    public func run(_ job: Job) async throws -> JobOutput {
        try await threads.run { try output(for: job) }
    }

    /// Reads the payload, enhances the audio and writes the result: all of it CPU work for the threads.
    private func output(for job: Job) throws -> JobOutput {
        let request = job.payload ?? JSONValue(jsonString: job.input) ?? .null
        guard let audio = request["audio_data"]?.stringValue, let rate = request["sample_rate"]?.doubleValue,
              rate.rounded() == rate, abs(rate) < 1e7 else {
            throw MinerKitError(.invalidInput, code: "invalid_audio_job",
                                "an audio job's payload must be {\"audio_data\": base64, \"sample_rate\": integer}")
        }
        let start = ContinuousClock.now
        let (enhanced, frames, _) = try enhancer.reply(base64Audio: audio, sampleRate: Int(rate))
        let seconds = (ContinuousClock.now - start).timeInterval
        let audioSeconds = Double(frames) / rate
        return JobOutput(
            result: JSONValue.object(["audio_data": .string(enhanced)]).jsonString(),
            metrics: .object([
                "execution_time_seconds": .number(seconds), "gpu_time_seconds": .number(seconds),
                "audio_seconds": .number(audioSeconds),
                "real_time_factor": .number(audioSeconds > 0 ? seconds / audioSeconds : 0),
            ]))
    }
}
