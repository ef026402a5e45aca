import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// Whether `python3` with numpy is on this machine (the validator client needs both).
private let pythonWithNumpy: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import numpy"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}()

@Suite("Inference server with a validator's Python client")
struct InferenceValidatorClientTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the client script against `base`; returns its exit status and output. Waits without blocking
    /// a thread of the cooperative pool (the server under test needs those threads to answer).
    static func client(_ base: String, _ extra: [String] = []) async throws -> (Int32, String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("inference-client-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", root.appendingPathComponent("Tests/PythonClients/inference_validator_client.py").path, base] + extra
        p.standardOutput = handle
        p.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            p.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try p.run() } catch { p.terminationHandler = nil; continuation.resume(throwing: error) }
        }
        try handle.close()
        return (status, try String(contentsOf: log, encoding: .utf8))
    }

    @Test(.enabled(if: pythonWithNumpy, "python3 with numpy is not installed"), .timeLimit(.minutes(2)))
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
