import Foundation
import MinerKit

/// One `minerkit coordinator serve` process on a shared PostgreSQL database, for multi-node tests:
/// started on a free loopback port, killed with SIGKILL or stopped with SIGTERM.
final class CoordinatorNode: @unchecked Sendable {
    // Safe: `process` and `port` are set in `start` before the node is shared and never change after.
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
    static func start(name: String, database: String, keyPath: String, extra: [String] = []) async throws -> CoordinatorNode {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["coordinator", "serve", "--database", database, "--key", keyPath, "--port", "0",
                             "--no-rate-limits"] + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Reading a pipe blocks: it runs on a thread of its own, never on Swift's cooperative pool (which
        // has one thread per core, so a few blocked readers would starve every other test in the process).
        let port = try await withCheckedThrowingContinuation { (started: CheckedContinuation<Int, any Error>) in
            Thread {
                var text = ""
                var port: Int?
                // Read until the node says where it listens, then keep draining stdout so the node never
                // blocks on a full pipe; the pipe ends when the node exits.
                while case let chunk = output.fileHandleForReading.availableData, !chunk.isEmpty {
                    guard port == nil else { continue }
                    text += String(decoding: chunk, as: UTF8.self)
                    if let range = text.range(of: "serving on http://127.0.0.1:"),
                       let found = Int(text[range.upperBound...].prefix { $0.isNumber }) {
                        port = found
                        started.resume(returning: found)
                    }
                }
                if port == nil { started.resume(throwing: NodeFailure("node \(name) did not start: \(text)")) }
            }.start()
        }
        return CoordinatorNode(process: process, port: port, name: name)
    }

    /// Kills the node without warning.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the node gracefully.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

struct NodeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
