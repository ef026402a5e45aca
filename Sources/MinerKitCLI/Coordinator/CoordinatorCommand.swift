import ArgumentParser

/// `minerkit coordinator`: run the coordinator.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run the coordinator (jobs, miners, signed receipts, explorer).",
        subcommands: [CoordinatorServeCommand.self]
    )
}
