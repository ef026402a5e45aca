import Foundation

/// Runs PostgreSQL's command-line tools for ``PostgresTestCluster``, as the `postgres` user when this
/// process is root (the server refuses to run as root).
struct PostgresTool: Sendable {
    /// The folder holding `initdb`, `pg_ctl` and `createdb`.
    let binDirectory: URL
    /// The account the server runs as (`nil`: this process's own user).
    let serverUser: String?

    /// Runs `tool arguments…` and waits without blocking a thread; output goes to `log`, whose tail is
    /// quoted in the error when the tool fails.
    func run(_ tool: String, _ arguments: [String], log: URL, asServer: Bool = true) async throws {
        let process = try makeProcess(tool, arguments, log: log, asServer: asServer)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try check(tool, status: status, log: log)
    }

    /// Starts `tool arguments…` and returns at once (the server itself: `pg_ctl start` would leave a
    /// daemon holding Foundation's termination pipe, so `Process` would never see pg_ctl exit).
    func launch(_ tool: String, _ arguments: [String], log: URL) throws -> Process {
        let process = try makeProcess(tool, arguments, log: log, asServer: true)
        try process.run()
        return process
    }

    /// Runs `tool arguments…` and blocks until it exits (for the process-exit hook only).
    func runBlocking(_ tool: String, _ arguments: [String], log: URL) throws {
        let process = try makeProcess(tool, arguments, log: log, asServer: true)
        try process.run()
        process.waitUntilExit()
        try check(tool, status: process.terminationStatus, log: log)
    }

    private func makeProcess(_ tool: String, _ arguments: [String], log: URL, asServer: Bool) throws -> Process {
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        let process = Process()
        let path = binDirectory.appendingPathComponent(tool).path
        if asServer, let serverUser {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", serverUser, "--", path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        return process
    }

    private func check(_ tool: String, status: Int32, log: URL) throws {
        guard status != 0 else { return }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw PostgresTestCluster.Failure(
            "\(tool) exited with status \(status); last output:\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n"))
    }
}
