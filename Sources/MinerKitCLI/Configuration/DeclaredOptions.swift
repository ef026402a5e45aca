import ArgumentParser
import Foundation

/// The long names of a command's options and flags, read from ArgumentParser's own description of it
/// (`_dumpHelp()`, the JSON behind `--experimental-dump-help`), so the names the environment and config
/// files may set are exactly the ones the command declares, never a list kept beside it by hand.
struct DeclaredOptions: Equatable {
    /// Options that take a value (`port`, `heartbeat-timeout`), every long name of each.
    var settings: [String] = []
    /// Flags (`no-rate-limits`).
    var flags: [String] = []

    /// Names that configure the configuration itself, or ask for help: never read from it.
    static let reserved: Set<String> = ["config", "print-config", "help", "version", "experimental-dump-help"]

    init(of command: any ParsableArguments.Type) {
        guard let dump = try? JSONDecoder().decode(Dump.self, from: Data(command._dumpHelp().utf8)) else { return }
        for argument in dump.command.arguments ?? [] {
            let names = (argument.names ?? []).filter { $0.kind == "long" }.map(\.name)
                .filter { !Self.reserved.contains($0) }
            switch argument.kind {
            case "option": settings += names
            case "flag": flags += names
            default: continue
            }
        }
    }

    /// The part of ArgumentParser's `ToolInfoV0` read here.
    private struct Dump: Decodable {
        struct Command: Decodable {
            var arguments: [Argument]?
        }

        struct Argument: Decodable {
            var kind: String
            var names: [Name]?
        }

        struct Name: Decodable {
            var kind: String
            var name: String
        }

        var command: Command
    }
}
