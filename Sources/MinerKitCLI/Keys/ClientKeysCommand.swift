import ArgumentParser

/// `minerkit keys client`: client API keys of a coordinator database.
struct ClientKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Manage client API keys (X-Api-Key for /v1/jobs).",
        subcommands: [ClientKeyCreateCommand.self]
    )
}
