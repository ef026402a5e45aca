import ArgumentParser
import Foundation
import MinerKit
import MinerKitHTTP

/// `minerkit receipts verify`: checks a receipt's signature, and optionally its inclusion in a block,
/// with no network access.
struct ReceiptsVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a receipt's Ed25519 signature (and, with --proof and --block, its block inclusion).",
        discussion: "Exits 0 when everything checked holds, 1 otherwise."
    )

    @Argument(help: "Receipt JSON file (as served by /v1/receipts/{id}).")
    var receipt: String

    @Option(help: "The coordinator's key: its key_id (base64url), 64 hex digits, or a file with either or with GET /v1/keys output.")
    var key: String

    @Option(help: "Inclusion proof JSON (GET /v1/receipts/{id}/proof).")
    var proof: String?

    @Option(help: "Block JSON (GET /explorer/blocks/{height}).")
    var block: String?

    func run() async throws {
        let receipt = try decode(Receipt.self, from: self.receipt)
        let publicKey = try parseKey(key)
        guard receipt.verify(with: publicKey) else {
            print("INVALID: the signature does not verify with key \(publicKey.keyID)")
            throw ExitCode(1)
        }
        print("signature: valid (Ed25519, key_id \(publicKey.keyID))")
        switch (proof, block) {
        case (nil, nil):
            return
        case (let proofPath?, let blockPath?):
            let proof = try decode(InclusionProof.self, from: proofPath)
            let block = try decode(Block.self, from: blockPath)
            guard proof.verify(receipt: receipt, block: block) else {
                print("INVALID: the proof does not place this receipt in block \(block.height)")
                throw ExitCode(1)
            }
            print("inclusion: valid (block \(block.height), index \(proof.index), merkle root \(block.merkleRoot))")
        default:
            throw ValidationError("--proof and --block go together")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            return try APIJSON.decoder().decode(T.self, from: data)
        } catch {
            throw ValidationError("\(path) is not a valid \(T.self) document: \(error)")
        }
    }

    private func parseKey(_ text: String) throws -> Ed25519PublicKey {
        var candidate = text
        if FileManager.default.fileExists(atPath: text) {
            let contents = try String(contentsOfFile: text, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            candidate = JSONValue(jsonString: contents)?["keys"].flatMap { keys -> String? in
                if case .array(let list) = keys { return list.first?["key_id"]?.stringValue }
                return nil
            } ?? contents
        }
        if let hex = Hex.decode(candidate), hex.count == 32 { return try Ed25519PublicKey(bytes: hex) }
        do {
            return try Ed25519PublicKey(keyID: candidate)
        } catch {
            throw ValidationError("--key must be a key_id, 64 hex digits, or a file holding one")
        }
    }
}
