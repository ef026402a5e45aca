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
        let (executable, arguments) = command(tool, arguments, asServer: asServer)
        try check(tool, status: try await ChildProcess.run(executable, arguments, output: .file(log)).status, log: log)
    }

    /// Starts `tool arguments…` and returns at once (the server itself: `pg_ctl start` would leave a
    /// daemon that outlives the tool).
    func launch(_ tool: String, _ arguments: [String], log: URL) throws -> ChildProcess {
        let (executable, arguments) = command(tool, arguments, asServer: true)
        return try ChildProcess.start(executable, arguments, output: .file(log))
    }

    /// Runs `tool arguments…` and blocks until it exits (for the process-exit hook only).
    func runBlocking(_ tool: String, _ arguments: [String], log: URL) throws {
        let (executable, arguments) = command(tool, arguments, asServer: true)
        try check(tool, status: try ChildProcess.runBlocking(executable, arguments, output: .file(log)).status, log: log)
    }

    /// The tool's path and arguments, behind `runuser -u <server user> --` when the server runs as another user.
    private func command(_ tool: String, _ arguments: [String], asServer: Bool) -> (String, [String]) {
        let path = binDirectory.appendingPathComponent(tool).path
        if asServer, let serverUser { return ("/usr/sbin/runuser", ["-u", serverUser, "--", path] + arguments) }
        return (path, arguments)
    }

    private func check(_ tool: String, status: Int32, log: URL) throws {
        guard status != 0 else { return }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw PostgresTestCluster.Failure(
            "\(tool) exited with status \(status); last output:\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n"))
    }
}
