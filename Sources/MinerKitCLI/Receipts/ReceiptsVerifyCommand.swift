import ArgumentParser
import Foundation
import MinerKit
import MinerKitHTTP

/// `minerkit receipts verify`: checks a receipt's signature, and optionally its inclusion in a block,
/// with no network access. MinerKit and AITBC receipts are both read (``ReceivedReceipt`` recognises
/// the format); every field the signature does not cover is named.
struct ReceiptsVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a receipt's Ed25519 signature (and, with --proof and --block, its block inclusion).",
        discussion: """
            Reads MinerKit receipts (GET /v1/receipts/{id}) and AITBC receipts (GET /v1/jobs/{id}/receipt), \
            recognised by their shape. Fields the signature does not cover are listed: fields the format sets \
            after signing (AITBC's zk_status, tee_status, ...) as a note, any other field as UNSIGNED. \
            Exits 0 when everything checked holds and no field outside the format's rule is present, 1 otherwise.
            """
    )

    @Argument(help: "Receipt JSON file (as served by /v1/receipts/{id}, or by an AITBC coordinator).")
    var receipt: String

    @Option(help: "The coordinator's key: its key_id (base64url), 64 hex digits, or a file with either or with GET /v1/keys output.")
    var key: String

    @Option(help: "Inclusion proof JSON (GET /v1/receipts/{id}/proof).")
    var proof: String?

    @Option(help: "Block JSON (GET /explorer/blocks/{height}).")
    var block: String?

    func run() async throws {
        let received = try readReceipt(self.receipt)
        let publicKey = try parseKey(key)
        print("format: \(received.format); canonical form: \(received.format.canonicalForm)")
        if let refusal = received.refusal(with: publicKey) {
            print("INVALID: \(refusal)")
            throw ExitCode(1)
        }
        print("signature: valid (Ed25519, key_id \(publicKey.keyID), format \(received.format))")
        if !received.annotationFields.isEmpty {
            print("not signed (set after signing by design): \(received.annotationFields.joined(separator: ", "))")
        }
        let unexpected = received.unexpectedFields
        if !unexpected.isEmpty {
            print("UNSIGNED: \(unexpected.joined(separator: ", ")) not covered by the signature; "
                  + "a \(received.format) signer does not write them, so they were added after signing")
        }
        switch (proof, block) {
        case (nil, nil):
            break
        case (let proofPath?, let blockPath?):
            guard let receipt = received.receipt else {
                throw ValidationError("--proof and --block apply to MinerKit receipts; this one is \(received.format)")
            }
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
        if !unexpected.isEmpty { throw ExitCode(1) }
    }

    /// The receipt in `path`; a text that is not one receipt (not JSON, a repeated key, a missing
    /// field) is refused with the reason and exit status 1.
    private func readReceipt(_ path: String) throws -> ReceivedReceipt {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        do {
            return try ReceivedReceipt(text: text)
        } catch let error as MinerKitError {
            print("INVALID: \(path) is not a receipt MinerKit reads (\(error.code)): \(error.detail)")
            throw ExitCode(1)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            return try APIJSON.decoder().decodeUniqueKeys(T.self, from: data)
        } catch let error as MinerKitError {
            throw ValidationError("\(path) is not a valid \(T.self) document: \(error.detail)")
        } catch {
            throw ValidationError("\(path) is not a valid \(T.self) document: \(error)")
        }
    }

    private func parseKey(_ text: String) throws -> Ed25519PublicKey {
        var candidate = text
        if FileManager.default.fileExists(atPath: text) {
            let contents = try String(contentsOfFile: text, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            candidate = contents
            if contents.hasPrefix("{") {
                let document: JSONValue
                do {
                    document = try JSONValue(parsing: contents)
                } catch let error as MinerKitError {
                    throw ValidationError("the key file \(text) is not valid JSON: \(error.detail)")
                }
                if case .array(let list)? = document["keys"], let keyID = list.first?["key_id"]?.stringValue {
                    candidate = keyID
                }
            }
        }
        if let hex = Hex.decode(candidate), hex.count == 32 { return try Ed25519PublicKey(bytes: hex) }
        do {
            return try Ed25519PublicKey(keyID: candidate)
        } catch {
            throw ValidationError("--key must be a key_id, 64 hex digits, or a file holding one")
        }
    }
}
