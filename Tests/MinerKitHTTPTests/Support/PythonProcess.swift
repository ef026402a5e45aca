import Foundation

/// Runs `python3` for the interop tests without blocking a thread of Swift's cooperative pool: the
/// server under test runs in the same process and needs those threads to answer the client.
enum PythonProcess {
    struct Outcome: Sendable {
        var status: Int32
        var output: Data
        var errors: String
    }

    /// Runs `python3 arguments...`; stdout and stderr go to temporary files (no pipe can fill up).
    static func run(_ arguments: [String]) async throws -> Outcome {
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.standardOutput = outHandle
        process.standardError = errHandle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
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

    /// Whether `python3 -c "import <modules>"` succeeds (a blocking probe, for `.enabled(if:)` traits).
    static func canImport(_ modules: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import \(modules)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
