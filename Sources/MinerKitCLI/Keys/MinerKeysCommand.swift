import ArgumentParser

/// `minerkit keys miner`: miner API keys of a coordinator database.
struct MinerKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "miner",
        abstract: "Manage miner API keys (X-Api-Key for the miner routes).",
        subcommands: [MinerKeyCreateCommand.self]
    )
}
