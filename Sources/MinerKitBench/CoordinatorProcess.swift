import Foundation
import MinerKit
import MinerKitTesting

/// A `minerkit coordinator serve` process on loopback, started for a benchmark and stopped with it.
final class CoordinatorProcess {
    /// The `minerkit` binary next to this benchmark's (`swift build -c release` builds both), or nil.
    static let binary: String? = {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("minerkit").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    private let process: Process
    /// `http://127.0.0.1:PORT`.
    let base: String
    var pid: Int32 { process.processIdentifier }

    private init(process: Process, base: String) {
        self.process = process
        self.base = base
    }

    /// Starts `coordinator serve --database database --key key --port 0 arguments…`, its log in `log`,
    /// and returns once it answers `/health`.
    static func start(binary: String, database: String, key: String, arguments: [String], log: URL) async throws -> CoordinatorProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["coordinator", "serve", "--database", database, "--key", key, "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        BenchCleanup.track(process)
        do {
            let port = try await boundPort(from: output)
            let node = CoordinatorProcess(process: process, base: "http://127.0.0.1:\(port)")
            while try await BenchHTTP.send(.GET, node.base + "/health").status != 200 {}
            return node
        } catch {
            process.terminate()
            process.waitUntilExit()
            throw error
        }
    }

    /// SIGTERM, then waits for the process to exit.
    func stop() {
        process.terminate()
        process.waitUntilExit()
        BenchCleanup.forget(process)
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
