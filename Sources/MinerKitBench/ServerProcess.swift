import Foundation
import MinerKitTesting

/// A server the bench runs as a child process on loopback (`minerkit coordinator serve`, or this
/// binary's own ``BenchServer``), its log lines going to `log` as to a log collector. ``stop()`` ends it
/// with SIGTERM; so does a bench killed with SIGTERM (``BenchCleanup``).
final class ServerProcess {
    let process: ChildProcess
    /// `http://127.0.0.1:PORT`, once it listens.
    private(set) var base = ""
    /// When it was launched (cold start is measured from here).
    let launched: ContinuousClock.Instant

    var pid: Int32 { process.pid }

    /// Launches `binary` with `arguments` and waits until it prints the port it bound.
    init(binary: String, arguments: [String], log: URL) async throws {
        let output = Pipe()
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        launched = ContinuousClock.now
        process = try ChildProcess.start(binary, arguments, output: .descriptor(output.fileHandleForWriting.fileDescriptor),
                                         errors: .file(log))
        // The child holds its own copy; without closing this one, a server that dies is never seen to.
        try output.fileHandleForWriting.close()
        BenchCleanup.track(pid: process.pid)
        do {
            base = "http://127.0.0.1:\(try await Self.boundPort(from: output))"
        } catch {
            stop()
            throw error
        }
    }

    /// This bench binary's path, to start a ``BenchServer`` child.
    static var benchBinary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }

    /// The `minerkit` binary next to this one.
    static var minerkitNextToBench: String {
        URL(fileURLWithPath: benchBinary).deletingLastPathComponent().appendingPathComponent("minerkit").path
    }

    /// SIGTERM, then waits for it to exit.
    func stop() {
        BenchCleanup.forget(pid: process.pid)
        process.signal(SIGTERM)
        _ = process.exitBlocking()
    }

    /// Reads the server's stdout until it prints the port it bound.
    private static func boundPort(from pipe: Pipe) async throws -> Int {
        let handle = pipe.fileHandleForReading
        return try await Task.detached {
            var text = ""
            while true {
                let chunk = handle.availableData
                guard !chunk.isEmpty else { throw BenchError("the server exited before listening:\n\(text)") }
                text += String(decoding: chunk, as: UTF8.self)
                for line in text.split(separator: "\n") {
                    if let range = line.range(of: "serving on http://127.0.0.1:"),
                       let port = Int(line[range.upperBound...].prefix { $0.isNumber }) {
                        return port
                    }
                }
            }
        }.value
    }
}
