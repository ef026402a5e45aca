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

    /// A command line with the environment's and the config file's values inserted, and where each
    /// inserted option came from (so a bad value is reported with its source, not as a bad flag).
    struct Expanded {
        var arguments: [String]
        /// Option long name to `MINERKIT_<NAME>` or `the config file PATH`.
        var sources: [String: String] = [:]

        /// ArgumentParser's validation error `message` with the source of the option it names, when that
        /// option was not given as a flag; `nil` when it names none of them.
        func naming(_ error: any Error, message: String) -> CommandFailure? {
            for (name, source) in sources.sorted(by: { $0.key.count > $1.key.count })
            where message.range(of: "--\(name)(?![A-Za-z0-9-])", options: .regularExpression) != nil {
                return CommandFailure(description: message.trimmingCharacters(in: .whitespacesAndNewlines)
                                      + " (the value comes from \(source))")
            }
            return nil
        }
    }

    /// `arguments` with what the environment and the config file set inserted after the command's words,
    /// or `arguments` unchanged when they do not name a configurable command. A config file with a key
    /// that is not one of the command's options, or a value that is not a string, number or boolean, is
    /// refused (a misspelt option silently ignored would leave its default in force).
    static func expand(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> Expanded {
        guard let command = commands.first(where: { arguments.starts(with: $0.path) }) else { return Expanded(arguments: arguments) }
        let given = Set(arguments.dropFirst(command.path.count).compactMap { argument -> String? in
            guard argument.hasPrefix("--") else { return nil }
            return String(argument.dropFirst(2).prefix { $0 != "=" })
        })
        let declared = command.declaredOptions
        let environmentReader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment))
            .scoped(to: "minerkit")
        var fileReader: ConfigReader?
        if let path = configFile(in: arguments) ?? environment["MINERKIT_CONFIG"] {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure(description: "the config file \(path) does not exist")
            }
            do {
                // The snapshot reader keeps one copy of a repeated key silently: refuse such a file first.
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                try JSONDuplicateKeys.check(data)
                try checkKeys(of: data, path: path, known: declared.settings + declared.flags)
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
        let configPath = configFile(in: arguments) ?? environment["MINERKIT_CONFIG"]
        func source(_ name: String) -> String {
            let variable = "MINERKIT_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
            return environmentReader.string(forKey: ConfigKey(name)) != nil ? variable : "the config file \(configPath ?? "")"
        }
        var expanded = Expanded(arguments: [])
        var injected: [String] = []
        for name in declared.settings {
            guard let text = value(name) else { continue }
            injected += ["--\(name)", text]
            if !given.contains(name) { expanded.sources[name] = source(name) }
        }
        for name in declared.flags where ["true", "1", "yes"].contains(value(name)?.lowercased()) {
            injected.append("--\(name)")
        }
        expanded.arguments = command.path + injected + arguments.dropFirst(command.path.count)
        return expanded
    }

    /// Refuses a config file whose top-level keys are not all among `known`, or whose values are not
    /// strings, numbers or booleans; suggests the option meant (`block_size` for `block-size`).
    private static func checkKeys(of data: Data, path: String, known: [String]) throws {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        let options = Set(known)
        for key in object.keys.sorted() {
            guard options.contains(key) else {
                let meant = key.lowercased().replacingOccurrences(of: "_", with: "-")
                let hint = options.contains(meant) ? "did you mean \"\(meant)\"?" : "options are named by their long names, such as \"\(known[0])\""
                throw MinerKitError(.invalidInput, code: "unknown_option", "\"\(key.prefix(64))\" is not an option of this command (\(hint))")
            }
            let value = object[key]
            guard value is String || value is NSNumber else {
                throw MinerKitError(.invalidInput, code: "bad_option_value",
                                    "the value of \"\(key)\" must be a string, a number or true/false")
            }
        }
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
