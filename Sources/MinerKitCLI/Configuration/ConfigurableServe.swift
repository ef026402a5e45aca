import ArgumentParser

/// A `serve` command whose options also come from `MINERKIT_…` environment variables and a JSON config
/// file (``ServeSettings``), and that prints what it would run with (`--print-config`).
protocol ConfigurableServe: AsyncParsableCommand {
    /// The words that name it: `["coordinator", "serve"]`.
    static var path: [String] { get }
    /// The options every `serve` command shares, `--config` and `--print-config` among them.
    var shared: ServeOptions { get }
    /// Every option's effective value, secrets masked, in option order.
    var effectiveSettings: [(name: String, value: String)] { get }
}

extension ConfigurableServe {
    /// `--config` and `--print-config`.
    var settings: SettingsOptions { shared.settings }

    /// Its options and flags as declared (``DeclaredOptions``): what `MINERKIT_<NAME>` and the file may set.
    static var declaredOptions: DeclaredOptions { DeclaredOptions(of: Self.self) }

    /// Prints ``effectiveSettings`` as `name = value` lines.
    func printSettings() {
        let width = effectiveSettings.map(\.name.count).max() ?? 0
        for (name, value) in effectiveSettings {
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + " = " + value)
        }
    }
}

/// `--config FILE` and `--print-config`, on every `serve` command.
struct SettingsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("JSON file of options, keyed by their long names ({\"port\": 8001, \"no-rate-limits\": true}); env MINERKIT_CONFIG. Flags win over MINERKIT_<NAME> variables, which win over the file.",
                               valueName: "file"))
    var config: String?

    @Flag(help: "Print the effective options (secrets masked) and exit.")
    var printConfig = false
}
