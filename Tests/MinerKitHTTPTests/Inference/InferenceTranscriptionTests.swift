import AsyncHTTPClient
import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// The optional `text` over real loopback HTTP: with a PocketSphinx transcriber the reply carries the
/// words of the enhanced audio, here people's voices recorded for alsa-utils' speaker test (48 kHz WAV).
@Suite("Inference transcription over HTTP")
struct InferenceTranscriptionTests {
    static let alsaSounds = URL(fileURLWithPath: "/usr/share/sounds/alsa")

    @Test(.timeLimit(.minutes(3)))
    func repliesCarryTheWordsOfRecordedSpeech() async throws {
        let transcriber = try PocketSphinxTranscriber()
        let service = InferenceService(configuration: .init(maxConcurrent: 1, queueCapacity: 4), transcriber: transcriber)
        try await service.load(modelDirectory: InferenceValidatorClientTests.root.appendingPathComponent("Models/speech-enhancer"))
        let router = APIRouter(maxBodyBytes: InferenceRoutes.maxBodyBytes(for: AudioLimits()), groups: [InferenceRoutes(service: service)])
        try await withLiveServer(router: router) { server in
            for (file, word) in [("Front_Center.wav", "center"), ("Rear_Right.wav", "right")] {
                let wav = try Data(contentsOf: Self.alsaSounds.appendingPathComponent(file))
                let (status, reply) = try await InferenceRoutesTests.post(server, InferenceRoutesTests.request(wav, rate: "48000"))
                let text = try #require(reply["text"]?.stringValue, "\(file): \(status) \(reply)")
                #expect(status == 200 && text.split(separator: " ").contains(Substring(word)), "\(file): \(text)")
                let audio = try #require(reply["audio_data"]?.stringValue.flatMap { Data(base64Encoded: $0) })
                #expect(audio.count == wav.count)   // WAV in, WAV out, same format and length
            }
            // Silence has no words: the text is empty, never missing or null.
            let silence = WavCodec.encode([[Float](repeating: 0, count: 16000)], sampleRate: 16000, format: .pcm16)
            let (status, reply) = try await InferenceRoutesTests.post(server, InferenceRoutesTests.request(silence))
            #expect(status == 200 && reply["text"] == "")
        }
    }

    @Test
    func aMissingModelIsACleanError() throws {
        let error = try #require(throws: MinerKitError.self) {
            try PocketSphinxTranscriber(modelDirectory: URL(fileURLWithPath: "/nonexistent/pocketsphinx"))
        }
        #expect(error.code == "transcriber_unavailable" && error.detail.contains("/nonexistent/pocketsphinx/en-us"))
    }

    @Test(.timeLimit(.minutes(5)))
    func serveWithTranscribeStopsBeforeListeningWhenTheRecogniserIsMissing() async throws {
        let model = InferenceValidatorClientTests.root.appendingPathComponent("Models/speech-enhancer").path
        let outcome = try await CommandLineBehaviourTests.minerkit(
            ["inference", "serve", "--model", model, "--host", "127.0.0.1", "--port", "0", "--transcribe",
             "--transcriber-model", "/nonexistent/pocketsphinx"])
        #expect(outcome.status != 0 && outcome.output.contains("transcriber_unavailable"), "\(outcome.output)")
        #expect(!outcome.output.contains("listening on"), "\(outcome.output)")
    }
}
