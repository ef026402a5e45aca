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
        let location = DatabaseLocation(database)
        try location.requireExisting(unless: createDatabase)
        // Opening the store applies migrations; the coordinator's signing key is not needed here.
        let backend = try await CoordinatorBackend.open(location)
        do {
            let coordinator = Coordinator(store: backend.store, keyPair: .generate())
            let (record, key) = try await coordinator.createClientKey(name: name)
            print("client \(record.id) (\(record.name))")
            print(key.text)
            await backend.close()
        } catch {
            await backend.close()
            throw error
        }
    }
}
