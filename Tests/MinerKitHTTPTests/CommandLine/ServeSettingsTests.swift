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

    /// The options a config file may set are the ones the command declares (read from ArgumentParser, not
    /// a list kept by hand), and `--print-config` shows every one of them.
    @Test(arguments: [["coordinator", "serve"], ["pool", "serve"], ["inference", "serve"]])
    func everyDeclaredOptionIsPrintedAndMayComeFromTheFile(_ command: [String]) async throws {
        let dump = try await CommandLineBehaviourTests.minerkit(command + ["--experimental-dump-help"])
        #expect(dump.status == 0, "\(dump.output)")
        let names = try Self.declaredLongNames(dump.output, command: command)
        #expect(names.contains("port") && names.contains("idle-timeout"), "\(names)")
        let printed = try await CommandLineBehaviourTests.minerkit(command + ["--print-config"],
                                                                   environment: ["MINERKIT_MODEL": "/opt/model"])
        let values = Self.settings(printed.output)
        for name in names { #expect(values[name] != nil, "--\(name) is declared but --print-config does not show it") }
        // Each name is accepted as a config-file key (a declared but unknown key would be refused).
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-\(UUID().uuidString).json")
        try Data(#"{"port": 9003, "log-format": "json"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try await CommandLineBehaviourTests.minerkit(command + ["--config", file.path, "--print-config"],
                                                                    environment: ["MINERKIT_MODEL": "/opt/model"])
        #expect(Self.settings(fromFile.output)["port"] == "9003", "\(fromFile.output)")
    }

    /// `--db` is another name of `--database`, from a flag or a config file, not a second option.
    @Test func dbIsAnotherNameOfDatabase() async throws {
        let flag = try await CommandLineBehaviourTests.minerkit(["coordinator", "serve", "--db", "/tmp/a.sqlite", "--print-config"])
        #expect(Self.settings(flag.output)["database"] == "/tmp/a.sqlite", "\(flag.output)")
        #expect(Self.settings(flag.output)["db"] == nil, "\(flag.output)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-\(UUID().uuidString).json")
        try Data(#"{"db": "/tmp/b.sqlite"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try await CommandLineBehaviourTests.minerkit(["pool", "serve", "--config", file.path, "--print-config"])
        #expect(Self.settings(fromFile.output)["database"] == "/tmp/b.sqlite", "\(fromFile.output)")
    }

    /// The first long name of every option and flag of `command` in ArgumentParser's JSON description,
    /// without `--config`, `--print-config` and help.
    static func declaredLongNames(_ json: String, command: [String]) throws -> [String] {
        struct Name: Decodable { var kind: String; var name: String }
        struct Argument: Decodable { var kind: String; var names: [Name]? }
        struct Command: Decodable { var commandName: String; var subcommands: [Command]?; var arguments: [Argument]? }
        struct Dump: Decodable { var command: Command }
        var node = try JSONDecoder().decode(Dump.self, from: Data(json.utf8)).command
        // The dump may start at the root command or at the one asked about.
        for word in command where node.commandName != command.last {
            guard let next = node.subcommands?.first(where: { $0.commandName == word }) else { break }
            node = next
        }
        #expect(node.commandName == command.last)
        let reserved: Set<String> = ["config", "print-config", "help", "version", "experimental-dump-help"]
        return (node.arguments ?? []).filter { $0.kind != "positional" }.compactMap { argument in
            argument.names?.first(where: { $0.kind == "long" })?.name
        }.filter { !reserved.contains($0) }
    }
}
