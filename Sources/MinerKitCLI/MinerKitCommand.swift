import ArgumentParser
import MinerKit

/// `minerkit`: run a coordinator, a pool, an inference server or a miner, and manage keys and jobs.
@main
struct MinerKitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minerkit",
        abstract: "Run and operate the MinerKit coordinator, pool, miner and inference server.",
        version: MinerKitVersion.current,
        subcommands: [CoordinatorCommand.self, DemoCommand.self, EnhanceCommand.self, InferenceCommand.self, JobsCommand.self,
                      KeysCommand.self, MinerCommand.self, PoolCommand.self, ReceiptsCommand.self, SimulateCommand.self]
    )

    /// Runs the chosen command, a `serve` with its options from the environment and a config file too
    /// (``ServeSettings``); a failure ends the process with status 1 and one readable sentence
    /// (``CommandFailure``).
    static func main() async {
        do {
            let expanded = try await ServeSettings.expand(Array(CommandLine.arguments.dropFirst()))
            var command: any ParsableCommand
            do {
                command = try parseAsRoot(expanded.arguments)
            } catch where exitCode(for: error) == .validationFailure {
                throw expanded.naming(error, message: message(for: error)) ?? error
            }
            if let serve = command as? any ConfigurableServe, serve.settings.printConfig {
                serve.printSettings()
                return
            }
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: CommandFailure.readable(error))
        }
    }
}
