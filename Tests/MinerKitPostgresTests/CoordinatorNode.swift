import Foundation
import MinerKit
import MinerKitTesting
import Synchronization

/// One `minerkit coordinator serve` process on a shared PostgreSQL database, for multi-node tests:
/// started on a free loopback port, killed with SIGKILL or stopped with SIGTERM.
final class CoordinatorNode: StoppableService {
    let process: Process
    let port: Int
    let name: String
    /// Finishes when the process has ended (its termination handler).
    private let ended: ProcessEnd

    /// The `minerkit` executable, built next to the test bundle by `swift build` / `swift test`.
    static var binary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("minerkit")
    }

    var base: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int, name: String, ended: ProcessEnd) {
        self.process = process
        self.port = port
        self.name = name
        self.ended = ended
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
        let ended = ProcessEnd()
        process.terminationHandler = { _ in ended.finish() }
        try process.run()
        do {
            let port = try await waitFor("node \(name) serving", interval: .milliseconds(20)) { () -> Int? in
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if let range = text.range(of: "serving on http://127.0.0.1:"),
                   let port = Int(text[range.upperBound...].prefix { $0.isNumber }) {
                    return port
                }
                guard process.isRunning else { throw NodeFailure("node \(name) exited") }
                return nil
            }
            return CoordinatorNode(process: process, port: port, name: name, ended: ended)
        } catch {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if process.isRunning { process.terminate() }
            await ended.wait()
            throw NodeFailure("node \(name) did not start (\(error)): \(text.suffix(2_000))")
        }
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
    private func exited() async { await ended.wait() }
}

/// The end of a child process, signalled by its termination handler and awaited without polling.
private final class ProcessEnd: Sendable {
    private let state = Mutex<(ended: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Called once, by the process's termination handler.
    func finish() {
        let waiters = state.withLock { state in
            state.ended = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once ``finish()`` has been called.
    func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.ended { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
}

struct NodeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
