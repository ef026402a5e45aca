import ArgumentParser

/// `minerkit receipts`: work with coordinator receipts offline.
struct ReceiptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts",
        abstract: "Verify coordinator receipts offline.",
        subcommands: [ReceiptsVerifyCommand.self]
    )
}
