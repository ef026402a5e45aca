import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// Whether `python3` with numpy is on this machine (the validator client needs both).
private let pythonWithNumpy = PythonProcess.canImport("numpy")

@Suite("Inference server with a validator's Python client")
struct InferenceValidatorClientTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the client script against `base`; returns its exit status and output. Waits without blocking
    /// a thread of the cooperative pool (the server under test needs those threads to answer).
    static func client(_ base: String, _ extra: [String] = []) async throws -> (Int32, String) {
        let script = root.appendingPathComponent("Tests/PythonClients/inference_validator_client.py").path
        let outcome = try await PythonProcess.run([script, base] + extra)
        return (outcome.status, String(decoding: outcome.output, as: UTF8.self) + outcome.errors)
    }

    @Test(.enabled(if: pythonWithNumpy, "python3 with numpy is not installed"), .timeLimit(.minutes(5)))
    func validatorClientGetsWhatItExpects() async throws {
        let limits = AudioLimits()
        let service = InferenceService(configuration: .init(maxConcurrent: 2, queueCapacity: 8, limits: limits))
        let router = APIRouter(maxBodyBytes: InferenceRoutes.maxBodyBytes(for: limits), groups: [InferenceRoutes(service: service)])
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = APIServer.application(router: router, configuration: .init(host: "127.0.0.1", port: 0),
                                        onRunning: { continuation.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let base = "http://127.0.0.1:\(port)"

            let (loadingStatus, loadingOutput) = try await Self.client(base, ["--expect-loading"])
            #expect(loadingStatus == 0, "\(loadingOutput)")

            try await service.load(modelDirectory: Self.root.appendingPathComponent("Models/speech-enhancer"))
            let (status, output) = try await Self.client(base)
            #expect(status == 0, "\(output)")
            #expect(output.contains("all checks passed"))
            group.cancelAll()
        }
    }
}
