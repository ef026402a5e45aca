import Foundation
import MinerKit

/// One `minerkit coordinator serve` process on a shared PostgreSQL database, for multi-node tests:
/// started on a free loopback port, killed with SIGKILL or stopped with SIGTERM.
final class CoordinatorNode: Sendable {
    let process: Process
    let port: Int
    let name: String

    /// The `minerkit` executable, built next to the test bundle by `swift build` / `swift test`.
    static var binary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("minerkit")
    }

    var base: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int, name: String) {
        self.process = process
        self.port = port
        self.name = name
    }

    /// Starts a node serving `database` and signing with the key at `keyPath`; returns once it listens.
    /// Its output goes to a log file (never a pipe that someone must drain), read here for the port.
    static func start(name: String, database: String, keyPath: String, extra: [String] = []) async throws -> CoordinatorNode {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-\(name)-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["coordinator", "serve", "--database", database, "--key", keyPath, "--port", "0",
                             "--no-rate-limits", "--log-level", "notice"] + extra
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while ContinuousClock.now < deadline, process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "serving on http://127.0.0.1:"),
               let port = Int(text[range.upperBound...].prefix { $0.isNumber }) {
                return CoordinatorNode(process: process, port: port, name: name)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if process.isRunning { process.terminate() }
        throw NodeFailure("node \(name) did not start: \(text.suffix(2_000))")
    }

    /// Kills the node without warning.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        await exited()
    }

    /// Stops the node gracefully.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        await exited()
    }

    /// Waits for the process to end without blocking a thread of the cooperative pool.
    private func exited() async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }
}

struct NodeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
