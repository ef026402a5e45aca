import Foundation

/// Runs schemathesis (PyPI; `scripts/setup.sh` installs it) against a server's `/openapi.json` with every
/// check on, bounded in examples and time, and reports what it found.
enum Schemathesis {
    /// Whether `python3` can import schemathesis (and `sr25519`, which the pool's signing hook uses) here.
    static let available = PythonProcess.canImport("schemathesis, sr25519")

    /// Whether a missing schemathesis is a failure (on CI) rather than a skip.
    static let required = ProcessInfo.processInfo.environment["CI"] != nil

    /// What a run found.
    struct Report {
        /// schemathesis's exit status: 0 when every check passed on every operation.
        var status: Int32
        /// Its summary, for the test's message.
        var output: String
    }

    /// A schemathesis hook file in `Tests/PythonClients`.
    static func hook(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PythonClients").appendingPathComponent(name).path
    }

    /// Tests the API at `baseURL` with all checks, at most `maxExamples` cases per operation and phase,
    /// a fixed seed (the run is repeatable) and a hard time limit. `config` is a `schemathesis.toml`;
    /// `hooks` a hook file (``hook(_:)``), given `environment`; `options` are more `run` options
    /// (headers, operation filters).
    static func run(baseURL: String, config: String? = nil, hooks: String? = nil, environment: [String: String] = [:],
                    options: [String] = [], maxExamples: Int = 20, timeLimit: Duration = .seconds(300)) async throws -> Report {
        var arguments = ["-m", "schemathesis.cli", "--no-color"]
        var configFile: URL?
        if let config {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("schemathesis-\(UUID().uuidString).toml")
            try Data(config.utf8).write(to: file)
            configFile = file
            arguments += ["--config-file", file.path]
        }
        defer { if let configFile { try? FileManager.default.removeItem(at: configFile) } }
        arguments += ["run", baseURL + "/openapi.json", "--checks", "all", "--max-examples", String(maxExamples),
                      "--seed", "1", "--workers", "1", "--request-timeout", "30", "--generation-database", "none",
                      "--suppress-health-check", "all"] + options
        var environment = environment
        if let hooks { environment["SCHEMATHESIS_HOOKS"] = hooks }
        // schemathesis keeps a cache of past failures in `.schemathesis/` under its working directory:
        // a fresh one per run keeps runs independent and the checkout clean.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemathesis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try await PythonProcess.run(arguments, workingDirectory: directory, environment: environment,
                                                  timeout: timeLimit)
        let output = String(decoding: outcome.output, as: UTF8.self) + outcome.errors
        return Report(status: outcome.status, output: output)
    }
}
