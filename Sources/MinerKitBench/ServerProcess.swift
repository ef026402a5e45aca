import Foundation

/// A server the bench runs as a child process on loopback (`minerkit coordinator serve`, or this
/// binary's own ``BenchServer``), its log lines going to `log` as to a log collector. ``stop()`` ends it
/// with SIGTERM; so does a bench killed with SIGTERM (``BenchCleanup``).
final class ServerProcess {
    let process = Process()
    /// `http://127.0.0.1:PORT`, once it listens.
    private(set) var base = ""
    /// When it was launched (cold start is measured from here).
    private(set) var launched = ContinuousClock.now

    var pid: Int32 { process.processIdentifier }

    /// Launches `binary` with `arguments` and waits until it prints the port it bound.
    init(binary: String, arguments: [String], log: URL) async throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        launched = ContinuousClock.now
        try process.run()
        BenchCleanup.track(process)
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
        BenchCleanup.forget(process)
        process.terminate()
        process.waitUntilExit()
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
