import Foundation
import Testing

/// A `coordinator serve` process's log lines, read by `Tests/PythonClients/log_client.py`: written
/// within a second while it runs, all there after it stops, in the documented layouts, with no key.
@Suite("Log lines of a running server")
struct LogOutputTests {
    @Test(.timeLimit(.minutes(5)), arguments: ["json", "text"])
    func requestLinesArriveWhileServingAndAreAllThereAfterStopping(format: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("c.sqlite").path
        let script = ConnectionLimitsTests.root.appendingPathComponent("Tests/PythonClients/log_client.py").path
        let outcome = try await PythonProcess.run(
            [script, format, db, "--", ConnectionLimitsTests.minerkit, "coordinator", "serve", "--db", db,
             "--host", "127.0.0.1", "--port", "0", "--log-format", format])
        let output = String(decoding: outcome.output, as: UTF8.self) + outcome.errors
        #expect(outcome.status == 0 && !output.contains("FAIL"), "\(output)")
    }
}
