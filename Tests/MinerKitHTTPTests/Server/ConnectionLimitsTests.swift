import Foundation
import Testing

/// Whether the connection-limit client can run: python3 is here, or CI requires it (then a missing
/// python3 fails the test instead of skipping it).
private let pythonAvailable = ProcessInfo.processInfo.environment["CI"] != nil || PythonProcess.canImport("socket")

/// Idle and slow clients cannot starve a server: each `minerkit … serve` runs as its own process under
/// `ulimit -n 1024` with 2-second timeouts, and `Tests/PythonClients/connection_limits_client.py` opens
/// the sockets (so neither side's descriptors or threads are this test process's).
@Suite("Timeouts and connection limits over loopback")
struct ConnectionLimitsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `minerkit` executable, built next to the test bundle by `swift build --build-tests`.
    static var minerkit: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("minerkit").path
    }

    /// Runs the client against `server` with 2-second idle and head timeouts and a `bodyTimeout`-second
    /// body timeout; expects every check to pass.
    static func exercise(_ options: [String], server: [String], bodyTimeout: Int = 2) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: minerkit), "build the minerkit executable first (swift build --build-tests)")
        let script = root.appendingPathComponent("Tests/PythonClients/connection_limits_client.py").path
        let outcome = try await PythonProcess.run([script] + options + ["--", minerkit] + server
                                                 + ["--idle-timeout", "2", "--header-timeout", "2", "--body-timeout", "\(bodyTimeout)"])
        let output = String(decoding: outcome.output, as: UTF8.self) + outcome.errors
        #expect(outcome.status == 0, "\(output)")
        #expect(!output.contains("FAIL"), "\(output)")
    }

    @Test(.enabled(if: pythonAvailable, "python3 is not installed"), .timeLimit(.minutes(3)))
    func coordinatorSurvivesIdleAndSlowFloodsAndAnswersOversizedBodies() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.exercise(["--flood", "--health", "/health", "--oversized", "/v1/jobs"],
                                server: ["coordinator", "serve", "--db", directory.appendingPathComponent("c.sqlite").path,
                                         "--host", "127.0.0.1", "--port", "0"])
    }

    @Test(.enabled(if: pythonAvailable, "python3 is not installed"), .timeLimit(.minutes(5)))
    func poolAnswersOversizedBodiesWithConnectionClose() async throws {
        try await Self.exercise(["--health", "/health", "--oversized", "/api/v1/miners/register"],
                                server: ["pool", "serve", "--host", "127.0.0.1", "--port", "0"])
    }

    @Test(.enabled(if: pythonAvailable, "python3 is not installed"), .timeLimit(.minutes(5)))
    func inferenceServerAnswersOversizedBodiesWithConnectionClose() async throws {
        // The inference body limit is about 85 MiB (64 MiB of audio in base64); dropping the rest of a
        // 96 MiB body takes a debug build more than 2 s.
        try await Self.exercise(["--health", "/api/v1/health", "--oversized", "/api/v1/inference", "--oversized-bytes", "\(96 << 20)"],
                                server: ["inference", "serve", "--model", Self.root.appendingPathComponent("Models/speech-enhancer").path,
                                         "--host", "127.0.0.1", "--port", "0"], bodyTimeout: 30)
    }
}
