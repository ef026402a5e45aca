import ArgumentParser
import MinerKit

/// `minerkit keys miner create`: provisions a miner and its API key, printed once (only its hash is
/// stored). The miner is `pending` until it registers or heartbeats with the key; a miner that sends
/// only the key (AITBC's stand-alone miner) is found by it.
struct MinerKeyCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a miner and its API key in a coordinator database and print the key once."
    )

    @Option(help: "The coordinator's database: a SQLite file path or a postgres:// URL.")
    var database: String

    @Option(help: "The miner's id (a fresh miner_… id when omitted); the miner registers with it.")
    var minerID: String?

    @Option(help: "A display name for the miner (its id when omitted).")
    var name: String?

    @Flag(help: "Create the SQLite database when it does not exist (by default a missing file is refused: likely a typo).")
    var createDatabase = false

    func run() async throws {
        let (miner, key) = try await OfflineCoordinator.run(on: database, createDatabase: createDatabase) {
            try await $0.createMinerKey(minerID: minerID, name: name)
        }
        print("miner \(miner.id) (\(miner.status.rawValue))")
        print(key.text)
    }
}
