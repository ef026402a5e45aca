import Foundation
import Synchronization
import Testing
@testable import MinerKit

@Suite("Inference threads")
struct InferenceThreadsTests {
    /// The names of the threads the products of a ``RecordingBackend`` ran on.
    final class ThreadNames: Sendable {
        let names = Mutex<[String]>([])
    }

    /// The CPU backend, noting which thread each product runs on.
    struct RecordingBackend: TensorBackend {
        let cpu: CPUBackend
        let seen: ThreadNames
        var name: String { cpu.name }
        var preferredBatchFrames: Int { cpu.preferredBatchFrames }

        func place(_ layer: LinearLayer) throws -> LinearLayer { try cpu.place(layer) }

        func linear(_ input: Matrix, _ layer: LinearLayer) throws -> Matrix {
            seen.names.withLock { $0.append(Thread.current.name ?? "unnamed") }
            return try cpu.linear(input, layer)
        }
    }

    static func enhancer(recordingInto seen: ThreadNames) throws -> AudioEnhancer {
        try AudioEnhancer(model: try SpeechEnhancerModel(directory: AudioFixtures.modelDirectory),
                          backend: RecordingBackend(cpu: try CPUBackend(), seen: seen))
    }

    /// A quarter of a second of noisy tone at 16 kHz, as base64 `.npy`.
    static func clip() -> String {
        let samples = (0..<4000).map { Float(0.3 * sin(Double($0) * 0.17)) + Float.random(in: -0.05...0.05) }
        return NpyCodec.encode([samples], layout: .vector).base64EncodedString()
    }

    @Test("the service runs the model on its own threads, never on the cooperative pool")
    func serviceRunsTheModelOnItsThreads() async throws {
        let seen = ThreadNames()
        let service = InferenceService(configuration: .init(maxConcurrent: 2))
        await service.load(try Self.enhancer(recordingInto: seen))
        let audio = Self.clip()
        async let first = service.enhance(base64Audio: audio, sampleRate: 16000)
        async let second = service.enhance(base64Audio: audio, sampleRate: 16000)
        _ = try await (first, second)
        let names = seen.names.withLock { $0 }
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { $0.hasPrefix("\(InferenceThreads.name)-") }, "\(Set(names))")
    }

    @Test("the audio job handler runs the model on its own thread")
    func handlerRunsTheModelOnItsThread() async throws {
        let seen = ThreadNames()
        let handler = AudioJobHandler(enhancer: try Self.enhancer(recordingInto: seen))
        let job = Job(client: "c", model: AudioJobHandler.model, input: "",
                      params: ["payload": ["audio_data": .string(Self.clip()), "sample_rate": 16000]], createdAt: Date())
        _ = try await handler.run(job)
        let names = seen.names.withLock { $0 }
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { $0 == InferenceThreads.name }, "\(Set(names))")
    }
}
