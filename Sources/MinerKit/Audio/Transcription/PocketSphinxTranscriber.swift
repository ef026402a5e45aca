import CPocketSphinxShim
import Foundation
import Synchronization

/// A ``SpeechTranscriber`` on CMU PocketSphinx (Debian's `libpocketsphinx3` with the `pocketsphinx-en-us`
/// US English model), an offline recogniser bound at run time: builds need neither the library nor its
/// headers, and ``init(modelDirectory:)`` says plainly what is missing.
///
/// ```swift
/// let transcriber = try PocketSphinxTranscriber()          // /usr/share/pocketsphinx/model/en-us
/// let text = try transcriber.transcribe(samples, sampleRate: 16_000)
/// ```
///
/// Audio at any rate is resampled to the model's 16 kHz. One decoder serves one request at a time
/// (PocketSphinx decoders are not thread-safe); concurrent requests wait for it.
public final class PocketSphinxTranscriber: SpeechTranscriber {
    /// Where Debian's `pocketsphinx-en-us` installs its model.
    public static let defaultModelDirectory = URL(fileURLWithPath: "/usr/share/pocketsphinx/model/en-us")
    /// The rate the acoustic model was trained at.
    public static let sampleRate = 16_000
    /// The longest transcript returned, in bytes (60 s of speech is a few hundred).
    static let maxTextBytes = 8_192

    /// The decoder; only touched while the mutex is held.
    private let decoder: Mutex<UnsafeMutableRawPointer>

    /// Loads the model folder: `en-us/` (acoustic model), `en-us.lm.bin` (language model) and
    /// `cmudict-en-us.dict` (pronunciations), as `pocketsphinx-en-us` lays them out.
    ///
    /// - Throws: `MinerKitError(.unavailable)` with code `transcriber_unavailable` when the library or a
    ///   model file is missing or PocketSphinx refuses to load them.
    public init(modelDirectory: URL = PocketSphinxTranscriber.defaultModelDirectory) throws {
        let parts = [modelDirectory.appendingPathComponent("en-us"),
                     modelDirectory.appendingPathComponent("en-us.lm.bin"),
                     modelDirectory.appendingPathComponent("cmudict-en-us.dict")]
        for part in parts where !FileManager.default.fileExists(atPath: part.path) {
            throw Self.unavailable("\(part.path) is missing (Debian: pocketsphinx-en-us)")
        }
        var reason = [CChar](repeating: 0, count: 512)
        guard let handle = cps_decoder_new(parts[0].path, parts[1].path, parts[2].path, &reason, reason.count) else {
            throw Self.unavailable(String(cStringBuffer: reason))
        }
        decoder = Mutex(handle)
    }

    deinit {
        decoder.withLock { cps_decoder_free($0) }
    }

    public func transcribe(_ samples: [Float], sampleRate: Int) throws -> String {
        let audio = sampleRate == Self.sampleRate ? samples : try Resampler(from: sampleRate, to: Self.sampleRate).process(samples)
        let pcm = audio.map { Int16((min(max($0.isFinite ? $0 : 0, -1), 1) * 32767).rounded()) }
        var text = [CChar](repeating: 0, count: Self.maxTextBytes)
        let status = decoder.withLock { handle in
            pcm.withUnsafeBufferPointer { cps_decode(handle, $0.baseAddress, $0.count, &text, text.count) }
        }
        guard status == 0 else {
            throw MinerKitError(.internal, code: "transcription_failed", "the recogniser could not decode the audio")
        }
        return String(cStringBuffer: text)
    }

    private static func unavailable(_ detail: String) -> MinerKitError {
        MinerKitError(.unavailable, code: "transcriber_unavailable", "speech recognition is unavailable: \(detail)")
    }
}
