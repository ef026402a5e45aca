import Foundation
import MinerKit
import MinerKitTesting

/// One `minerkit coordinator serve` process on a shared PostgreSQL database, for multi-node tests:
/// started on a free loopback port, killed with SIGKILL or stopped with SIGTERM.
final class CoordinatorNode: StoppableService {
    let process: ChildProcess
    let port: Int
    let name: String

    /// The `minerkit` executable, built next to the test bundle by `swift build` / `swift test`.
    static var binary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("minerkit")
    }

    var base: String { "http://127.0.0.1:\(port)" }

    private init(process: ChildProcess, port: Int, name: String) {
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
        let process = try ChildProcess.start(
            binary.path, ["coordinator", "serve", "--database", database, "--key", keyPath, "--port", "0",
                          "--no-rate-limits", "--log-level", "notice"] + extra,
            output: .file(log))
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
            return CoordinatorNode(process: process, port: port, name: name)
        } catch {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            process.signal(SIGTERM)
            _ = await process.exit()
            throw NodeFailure("node \(name) did not start (\(error)): \(text.suffix(2_000))")
        }
    }

    /// Kills the node without warning.
    func kill() async {
        process.signal(SIGKILL)
        _ = await process.exit()
    }

    /// Stops the node gracefully.
    func stop() async {
        process.signal(SIGTERM)
        _ = await process.exit()
    }
}

struct NodeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
