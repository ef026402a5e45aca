import ArgumentParser
import Foundation
import MinerKit

/// `minerkit enhance IN.wav OUT.wav`: runs the speech enhancer on a WAV file, with a progress bar.
struct EnhanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enhance",
        abstract: "Remove noise from speech in a WAV file (16-bit PCM or float32, any rate and channel count)."
    )

    @Argument(help: "Input WAV file.")
    var input: String

    @Argument(help: "Output WAV file (same rate, channels and length).")
    var output: String

    @Option(help: "Model folder (default: $MINERKIT_MODEL or Models/speech-enhancer).")
    var model: String?

    @Flag(help: "Write 16-bit PCM instead of float32.")
    var pcm16 = false

    @Option(help: "Longest accepted input in seconds.")
    var maxSeconds: Double = 4 * 3600

    func run() async throws {
        let directory = model ?? ProcessInfo.processInfo.environment["MINERKIT_MODEL"] ?? "Models/speech-enhancer"
        let enhancer = try AudioEnhancer(model: try SpeechEnhancerModel(directory: URL(fileURLWithPath: directory)),
                                         limits: AudioLimits(sampleRates: 1000...384_000, maxSeconds: maxSeconds))
        let audio = try WavCodec.decode(Data(contentsOf: URL(fileURLWithPath: input)))
        let rate = audio.embeddedSampleRate ?? enhancer.model.config.sampleRate
        var progress = TerminalProgress(when: audio.frameCount > 10 * rate)
        // The model holds the thread it runs on: a thread of its own, not one of the cooperative pool.
        let worker = ThreadPoolExecutor(name: "mk-enhance")
        defer { worker.shutdown() }
        let channels = try await withTaskExecutorPreference(worker) {
            try enhancer.enhance(audio, sampleRate: rate, progress: progress.isShown ? { progress.draw($0) } : nil)
        }
        progress.finish()
        try WavCodec.encode(channels, sampleRate: rate, format: pcm16 ? .pcm16 : .float32)
            .write(to: URL(fileURLWithPath: output))
    }
}
