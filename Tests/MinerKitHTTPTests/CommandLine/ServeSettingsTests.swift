import Foundation
import Testing

/// Every `serve` option also comes from `MINERKIT_<NAME>` and a JSON config file, flags winning over the
/// environment over the file; `--print-config` shows the effective values with secrets masked.
@Suite("serve options from flags, environment and a config file")
struct ServeSettingsTests {
    /// `name = value` lines of `--print-config`.
    static func settings(_ output: String) -> [String: String] {
        Dictionary(output.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }) { first, _ in first }
    }

    @Test func flagsWinOverTheEnvironmentWhichWinsOverTheFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-\(UUID().uuidString).json")
        try Data(#"{"port": 9001, "host": "0.0.0.0", "block-size": 5, "idle-timeout": 12.5, "no-rate-limits": true, "max-job-seconds": 900}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try await CommandLineBehaviourTests.minerkit(
            ["coordinator", "serve", "--config", file.path, "--host", "127.0.0.2", "--print-config"],
            environment: ["MINERKIT_PORT": "9002", "MINERKIT_HOST": "10.0.0.1", "MINERKIT_LOG_FORMAT": "json"])
        #expect(outcome.status == 0, "\(outcome.output)")
        let values = Self.settings(outcome.output)
        #expect(values["host"] == "127.0.0.2")          // flag over environment over file
        #expect(values["port"] == "9002")               // environment over file
        #expect(values["block-size"] == "5")            // file
        #expect(values["idle-timeout"] == "12.5")
        #expect(values["no-rate-limits"] == "true")     // a flag from the file
        #expect(values["log-format"] == "json")
        #expect(values["heartbeat-timeout"] == "60.0")  // default
        #expect(values["max-job-seconds"] == "900.0")   // file
    }

    @Test func secretsAreMasked() async throws {
        let outcome = try await CommandLineBehaviourTests.minerkit(
            ["pool", "serve", "--print-config"],
            environment: ["MINERKIT_MONITOR_TOKEN": "tok-s3cret", "MINERKIT_DATABASE": "postgres://pool:pw-s3cret@db.local/pool"])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(!outcome.output.contains("s3cret"), "\(outcome.output)")
        let values = Self.settings(outcome.output)
        #expect(values["monitor-token"] == "********")
        #expect(values["database"]?.hasPrefix("postgres://pool@db.local") == true, "\(outcome.output)")
    }

    @Test func aRequiredOptionMayComeFromTheEnvironmentAndBadValuesAreNamed() async throws {
        let model = try await CommandLineBehaviourTests.minerkit(["inference", "serve", "--print-config"],
                                                                 environment: ["MINERKIT_MODEL": "/opt/model"])
        #expect(model.status == 0 && Self.settings(model.output)["model"] == "/opt/model", "\(model.output)")
        let bad = try await CommandLineBehaviourTests.minerkit(["coordinator", "serve", "--print-config"],
                                                               environment: ["MINERKIT_IDLE_TIMEOUT": "soon"])
        #expect(bad.status != 0 && bad.output.contains("--idle-timeout"), "\(bad.output)")
        let missing = try await CommandLineBehaviourTests.minerkit(["coordinator", "serve", "--config", "/nonexistent/minerkit.json"])
        #expect(missing.status != 0 && missing.output.contains("/nonexistent/minerkit.json does not exist"), "\(missing.output)")
    }

    @Test func aBadValueIsReportedWithWhereItCameFrom() async throws {
        let fromEnvironment = try await CommandLineBehaviourTests.minerkit(["coordinator", "serve", "--print-config"],
                                                                           environment: ["MINERKIT_PORT": "abc"])
        #expect(fromEnvironment.status != 0 && fromEnvironment.output.contains("MINERKIT_PORT"), "\(fromEnvironment.output)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-\(UUID().uuidString).json")
        try Data(#"{"heartbeat-timeout": "soon"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try await CommandLineBehaviourTests.minerkit(["coordinator", "serve", "--config", file.path, "--print-config"])
        #expect(fromFile.status != 0 && fromFile.output.contains("the config file \(file.path)"), "\(fromFile.output)")
        // A flag given on the command line is the flag's fault, as before.
        let fromFlag = try await CommandLineBehaviourTests.minerkit(["coordinator", "serve", "--port", "abc", "--print-config"],
                                                                    environment: ["MINERKIT_PORT": "8001"])
        #expect(fromFlag.status != 0 && !fromFlag.output.contains("MINERKIT_PORT"), "\(fromFlag.output)")
    }

    @Test(arguments: [
        (#"{"block_size": 7}"#, "did you mean \"block-size\""),
        (#"{"prot": 9000}"#, "\"prot\" is not an option"),
        (#"{"port": {"value": 9000}}"#, "must be a string, a number or true/false"),
    ])
    func aConfigFileWithAnUnknownKeyOrValueIsRefused(_ text: String, says: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try await CommandLineBehaviourTests.minerkit(["coordinator", "serve", "--config", file.path, "--print-config"])
        #expect(outcome.status != 0 && outcome.output.contains(says), "\(outcome.output)")
    }
}
