import ArgumentParser

/// `minerkit keys`: manage API keys.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage API keys.",
        subcommands: [ClientKeysCommand.self]
    )
}

/// `minerkit keys client`: client API keys of a coordinator database.
struct ClientKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Manage client API keys (X-Api-Key for /v1/jobs).",
        subcommands: [ClientKeyCreateCommand.self]
    )
}
