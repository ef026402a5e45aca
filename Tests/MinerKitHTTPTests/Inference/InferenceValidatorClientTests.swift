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

    /// Runs the client script against `base`; returns its exit status and output.
    static func client(_ base: String, _ extra: [String] = []) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", root.appendingPathComponent("Tests/PythonClients/inference_validator_client.py").path, base] + extra
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: output, as: UTF8.self))
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

            let (loadingStatus, loadingOutput) = try Self.client(base, ["--expect-loading"])
            #expect(loadingStatus == 0, "\(loadingOutput)")

            try await service.load(modelDirectory: Self.root.appendingPathComponent("Models/speech-enhancer"))
            let (status, output) = try Self.client(base)
            #expect(status == 0, "\(output)")
            #expect(output.contains("all checks passed"))
            group.cancelAll()
        }
    }
}
