import Configuration
import Foundation
import MinerKit
import SystemPackage

/// Where a `serve` command's options come from, strongest first: its flags, `MINERKIT_<NAME>`
/// environment variables (`--idle-timeout` is `MINERKIT_IDLE_TIMEOUT`), then the JSON config file named
/// by `--config` or `MINERKIT_CONFIG` (`{"idle-timeout": 10}`), read with apple/swift-configuration.
///
/// The environment and the file become arguments placed before the command's own, and ArgumentParser
/// keeps the last value of an option, so the flags win and every value is validated the same way.
enum ServeSettings {
    /// The `ConfigurableServe` commands, found by their words.
    static let commands: [any ConfigurableServe.Type] = [CoordinatorServeCommand.self, PoolServe.self, InferenceServeCommand.self]

    /// `arguments` with what the environment and the config file set inserted after the command's words,
    /// or `arguments` unchanged when they do not name a configurable command.
    static func expand(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> [String] {
        guard let command = commands.first(where: { arguments.starts(with: $0.path) }) else { return arguments }
        let environmentReader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment))
            .scoped(to: "minerkit")
        var fileReader: ConfigReader?
        if let path = configFile(in: arguments) ?? environment["MINERKIT_CONFIG"] {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure(description: "the config file \(path) does not exist")
            }
            do {
                // The snapshot reader keeps one copy of a repeated key silently: refuse such a file first.
                try JSONDuplicateKeys.check(Data(contentsOf: URL(fileURLWithPath: path)))
            } catch let error as MinerKitError {
                throw CommandFailure(description: "the config file \(path) is refused: \(error.detail)")
            }
            do {
                fileReader = ConfigReader(provider: try await FileProvider<JSONSnapshot>(filePath: FilePath(path)))
            } catch is CocoaError {
                throw CommandFailure(description: "the config file \(path) is not valid JSON (a JSON object of options is expected)")
            } catch {
                throw CommandFailure(description: "the config file \(path) is not a JSON object of options: \(error)")
            }
        }
        func value(_ name: String) -> String? {
            if let text = environmentReader.string(forKey: ConfigKey(name)) { return text }
            guard let fileReader else { return nil }
            if let text = fileReader.string(forKey: ConfigKey(name)) { return text }
            if let number = fileReader.double(forKey: ConfigKey(name)) {
                return number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
            }
            return fileReader.bool(forKey: ConfigKey(name)).map(String.init)
        }
        var injected: [String] = []
        for name in command.settingNames {
            if let text = value(name) { injected += ["--\(name)", text] }
        }
        for name in command.flagNames where ["true", "1", "yes"].contains(value(name)?.lowercased()) {
            injected.append("--\(name)")
        }
        return command.path + injected + arguments.dropFirst(command.path.count)
    }

    /// The value of `--config` among `arguments`.
    private static func configFile(in arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == "--config", index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix("--config=") { return String(argument.dropFirst("--config=".count)) }
        }
        return nil
    }
}
