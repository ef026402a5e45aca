import ArgumentParser
import MinerKit

/// `minerkit keys ...`: signing keys, client API keys and miner API keys.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create signing keys, client API keys and miner API keys.",
        subcommands: [Generate.self, ClientKeysCommand.self, MinerKeysCommand.self])

    /// `minerkit keys generate`: a new key pair in a private (0600) key file.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a key pair and save it to a new key file (mode 0600); print its public identity.")

        enum Scheme: String, ExpressibleByArgument, CaseIterable {
            case ed25519, sr25519
        }

        @Option(help: "Signature scheme: ed25519 (receipts, miners) or sr25519 (pool hotkeys).")
        var scheme: Scheme = .ed25519

        @Option(name: .shortAndLong, help: "Key file to create; an existing file is never overwritten.")
        var out: String

        @Option(help: "ss58 address prefix for sr25519 keys (42 = generic Substrate).")
        var ss58Prefix: UInt16 = 42

        func run() throws {
            switch scheme {
            case .ed25519:
                let pair = Ed25519KeyPair.generate()
                try pair.save(to: out)
                print("ed25519 key saved to \(out) (mode 0600)")
                print("key_id: \(pair.publicKey.keyID)")
            case .sr25519:
                let pair = SR25519KeyPair.generate()
                try pair.save(to: out)
                print("sr25519 key saved to \(out) (mode 0600)")
                print("ss58:   \(pair.publicKey.ss58(prefix: ss58Prefix))")
            }
        }
    }
}
