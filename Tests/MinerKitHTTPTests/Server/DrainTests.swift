import Foundation
import Testing

/// SIGTERM while requests are in flight, on `minerkit … serve` processes, driven by
/// `Tests/PythonClients/drain_client.py`: long polls end at once, pending receipts are sealed, streamed
/// inference replies finish (large ones to slow readers included), and past the drain limit the process
/// exits 1 naming what it cut off. One at a time: each keeps an inference server's two threads busy.
@Suite("Graceful drain on SIGTERM", .serialized)
struct DrainTests {
    static let pythonAvailable = ProcessInfo.processInfo.environment["CI"] != nil || PythonProcess.canImport("json")

    static func drain(_ mode: [String], server: [String]) async throws {
        let minerkit = ConnectionLimitsTests.minerkit
        #expect(FileManager.default.isExecutableFile(atPath: minerkit), "build the minerkit executable first (swift build --build-tests)")
        let script = ConnectionLimitsTests.root.appendingPathComponent("Tests/PythonClients/drain_client.py").path
        let outcome = try await PythonProcess.run([script] + mode + ["--", minerkit] + server)
        let output = String(decoding: outcome.output, as: UTF8.self) + outcome.errors
        #expect(outcome.status == 0, "\(output)")
        #expect(!output.contains("FAIL"), "\(output)")
    }

    static var model: String { ConnectionLimitsTests.root.appendingPathComponent("Models/speech-enhancer").path }

    @Test(.enabled(if: pythonAvailable, "python3 is not installed"), .timeLimit(.minutes(5)))
    func coordinatorEndsLongPollsAtOnceAndSealsPendingReceipts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("c.sqlite").path
        try await Self.drain(["coordinator", db],
                             server: ["coordinator", "serve", "--db", db, "--host", "127.0.0.1", "--port", "0",
                                      "--block-interval", "3600", "--drain-limit", "20", "--no-rate-limits"])
    }

    @Test(.enabled(if: pythonAvailable, "python3 is not installed"), .timeLimit(.minutes(5)))
    func inferenceRepliesInFlightFinish() async throws {
        try await Self.drain(["inference"], server: ["inference", "serve", "--host", "127.0.0.1", "--port", "0",
                                                     "--model", Self.model, "--concurrency", "2", "--drain-limit", "120"])
    }

    /// 8 replies of 5 MB in flight at SIGTERM, read by clients that pause with small receive buffers: the
    /// rest of each reply still waits in the server when its route finishes. The server used to close each
    /// connection as soon as its reply was queued, dropping that rest (15 of 18 cut, `status=200` logged,
    /// exit 0); now every byte arrives.
    @Test(.enabled(if: pythonAvailable, "python3 is not installed"), .timeLimit(.minutes(4)))
    func largeRepliesInFlightArriveWholeAtSlowReaders() async throws {
        try await Self.drain(["inference-large"], server: ["inference", "serve", "--host", "127.0.0.1", "--port", "0",
                                                           "--model", Self.model, "--concurrency", "2", "--drain-limit", "150"])
    }

    @Test(.enabled(if: pythonAvailable, "python3 is not installed"), .timeLimit(.minutes(5)))
    func pastTheDrainLimitTheProcessExits1AndSaysWhatItCutOff() async throws {
        try await Self.drain(["inference-limit"], server: ["inference", "serve", "--host", "127.0.0.1", "--port", "0",
                                                           "--model", Self.model, "--concurrency", "1", "--drain-limit", "1"])
    }
}
