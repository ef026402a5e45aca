import Foundation
import Testing

/// Whether prometheus_client's parser can run (scripts/setup.sh installs it); CI requires it.
private let prometheusClientAvailable = ProcessInfo.processInfo.environment["CI"] != nil
    || PythonProcess.canImport("prometheus_client")

/// `GET /metrics` on each server, scraped before and after real traffic by
/// `Tests/PythonClients/metrics_client.py`, which parses it with `prometheus_client` and checks that
/// every series moved by what the traffic did. Each server is its own `minerkit` process, so its
/// registry holds only that traffic.
@Suite("Prometheus metrics after real traffic")
struct MetricsEndpointTests {
    /// Runs the client in `mode` against `server` (a `minerkit` command line); expects every check to pass.
    static func scrape(_ mode: [String], server: [String]) async throws {
        let minerkit = ConnectionLimitsTests.minerkit
        #expect(FileManager.default.isExecutableFile(atPath: minerkit), "build the minerkit executable first (swift build --build-tests)")
        let script = ConnectionLimitsTests.root.appendingPathComponent("Tests/PythonClients/metrics_client.py").path
        let outcome = try await PythonProcess.run([script] + mode + ["--", minerkit] + server)
        let output = String(decoding: outcome.output, as: UTF8.self) + outcome.errors
        #expect(outcome.status == 0, "\(output)")
        #expect(!output.contains("FAIL"), "\(output)")
    }

    @Test(.enabled(if: prometheusClientAvailable, "python3 with prometheus_client is not installed"), .timeLimit(.minutes(5)))
    func coordinatorSeriesMoveWithTraffic() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("c.sqlite").path
        try await Self.scrape(["coordinator", db],
                              server: ["coordinator", "serve", "--db", db, "--host", "127.0.0.1", "--port", "0",
                                       "--block-interval", "1", "--requests-per-minute", "10"])
    }

    @Test(.enabled(if: prometheusClientAvailable, "python3 with prometheus_client is not installed"), .timeLimit(.minutes(5)))
    func poolSeriesMoveWithTraffic() async throws {
        try await Self.scrape(["pool"], server: ["pool", "serve", "--host", "127.0.0.1", "--port", "0"])
    }

    @Test(.enabled(if: prometheusClientAvailable, "python3 with prometheus_client is not installed"), .timeLimit(.minutes(5)))
    func inferenceSeriesMoveWithTraffic() async throws {
        try await Self.scrape(["inference"],
                              server: ["inference", "serve", "--host", "127.0.0.1", "--port", "0",
                                       "--model", ConnectionLimitsTests.root.appendingPathComponent("Models/speech-enhancer").path])
    }
}
