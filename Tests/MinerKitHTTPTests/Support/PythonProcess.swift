import Foundation
import MinerKitTesting
import Synchronization

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
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        let process = TestPython.process(arguments)
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        let running = RunningProcess()
        let watchdog = timeout.map { limit in
            Task {
                // The time limit on the child (a hang kills it), not an ordering step.
                try await Task.sleep(for: limit)
                running.terminate()
            }
        }
        defer { watchdog?.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { ended in
                running.ended()
                continuation.resume(returning: ended.terminationStatus)
            }
            do {
                try process.run()
                running.started(process.processIdentifier)
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try outHandle.close()
        try errHandle.close()
        return Outcome(status: status, output: try Data(contentsOf: out),
                       errors: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// Whether python3 has the comma-separated `modules` installed (a blocking probe, for `.enabled(if:)`
    /// traits). It looks them up without importing them: importing schemathesis or selenium takes
    /// seconds, during which the probe would hold one of the two threads every test in this process shares.
    static func canImport(_ modules: String) -> Bool {
        let names = modules.split(separator: ",").map { "'\($0.trimmingCharacters(in: .whitespaces))'" }.joined(separator: ",")
        let process = TestPython.process([
            "-c", "import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in [\(names)]) else 1)"])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// The process id of a running child, for a watchdog that may kill it: never one that has already ended
/// (its id could have been reused).
private final class RunningProcess: Sendable {
    private let pid = Mutex<Int32?>(nil)

    func started(_ id: Int32) { pid.withLock { $0 = id } }

    func ended() { pid.withLock { $0 = nil } }

    func terminate() {
        pid.withLock { id in
            if let id { _ = kill(id, SIGKILL) }
        }
    }
}
