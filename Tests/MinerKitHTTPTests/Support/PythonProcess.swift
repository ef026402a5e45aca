import Foundation
import MinerKitTesting

/// Runs Python (``TestPython``: the project's virtual environment) for the interop tests without blocking a thread of Swift's cooperative pool: the
/// server under test runs in the same process and needs those threads to answer the client.
enum PythonProcess {
    struct Outcome: Sendable {
        var status: Int32
        var output: Data
        var errors: String
    }

    /// Runs `python3 arguments...` (in `workingDirectory` when given), with `environment` added to this
    /// process's; stdout and stderr go to temporary files (no pipe can fill up). With a `timeout`, the
    /// process is killed once it has run that long (its status is then 9, SIGKILL).
    static func run(_ arguments: [String], workingDirectory: URL? = nil, environment: [String: String] = [:],
                    timeout: Duration? = nil) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory
        let out = directory.appendingPathComponent("python-\(UUID().uuidString).out")
        let err = directory.appendingPathComponent("python-\(UUID().uuidString).err")
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let (executable, arguments) = TestPython.command(arguments)
        let status = try await ChildProcess.run(
            executable, arguments,
            environment: environment.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(environment) { _, added in added },
            directory: workingDirectory, output: .file(out), errors: .file(err), limit: timeout).status
        return Outcome(status: status, output: try Data(contentsOf: out),
                       errors: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// Whether python3 has the comma-separated `modules` installed (a blocking probe, for `.enabled(if:)`
    /// traits). It looks them up without importing them: importing schemathesis or selenium takes
    /// seconds, during which the probe would hold one of the two threads every test in this process shares.
    static func canImport(_ modules: String) -> Bool {
        let names = modules.split(separator: ",").map { "'\($0.trimmingCharacters(in: .whitespaces))'" }.joined(separator: ",")
        let (executable, arguments) = TestPython.command([
            "-c", "import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in [\(names)]) else 1)"])
        return (try? ChildProcess.runBlocking(executable, arguments)) == .exited(0)
    }
}
