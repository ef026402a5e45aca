import ArgumentParser
import MinerKit

/// `minerkit keys client create`: a new client API key, printed once (only its hash is stored).
struct ClientKeyCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a client API key in a coordinator database and print it once."
    )

    @Option(name: [.long, .customLong("db")], help: "The coordinator's database: a SQLite file path or a postgres:// URL.")
    var database = "coordinator.sqlite"

    @Option(help: "A label for the key.")
    var name = "client"

    @Flag(help: "Create the SQLite database when it does not exist (by default a missing file is refused: likely a typo).")
    var createDatabase = false

    func run() async throws {
        let (record, key) = try await OfflineCoordinator.run(on: database, createDatabase: createDatabase) {
            try await $0.createClientKey(name: name)
        }
        print("client \(record.id) (\(record.name))")
        print(key.text)
    }
}
