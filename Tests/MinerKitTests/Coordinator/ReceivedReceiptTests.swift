import Foundation
import MinerKit
import Testing

/// Receipts both ways: MinerKit's own (format versions 1 and 2) and AITBC's, read with ``ReceivedReceipt``.
@Suite struct ReceivedReceiptTests {
    /// /work/shared/vectors/aitbc_receipt.json, copied into Fixtures/.
    struct AITBCVector {
        let publicKey: Ed25519PublicKey
        let receipt: JSONValue
        let canonicalSignedMessage: String

        init() throws {
            let url = try #require(Bundle.module.url(forResource: "aitbc_receipt", withExtension: "json", subdirectory: "Fixtures"))
            let file = try #require(JSONValue(jsonString: try String(contentsOf: url, encoding: .utf8)))
            let keyHex = try #require(file["public_key_hex"]?.stringValue)
            publicKey = try Ed25519PublicKey(bytes: try #require(Hex.decode(keyHex)))
            receipt = try #require(file["receipt"])
            canonicalSignedMessage = try #require(file["canonical_signed_message"]?.stringValue)
        }
    }

    @Test func theAITBCVectorVerifiesWithItsKey() throws {
        let vector = try AITBCVector()
        let received = try ReceivedReceipt(document: vector.receipt)
        #expect(received.format == .aitbc(version: "1.0"))
        #expect(String(decoding: try received.signedBytes(), as: UTF8.self) == vector.canonicalSignedMessage)
        #expect(received.verify(with: vector.publicKey))
        #expect(received.annotationFields == ["tee_status", "zk_status"] && received.unexpectedFields.isEmpty)
        #expect(received.receipt == nil)
        #expect(!received.verify(with: Ed25519KeyPair.generate().publicKey))
    }

    @Test func theAITBCVectorFailsWhenAnySignedFieldChanges() throws {
        let vector = try AITBCVector()
        guard case .object(let fields) = vector.receipt else { Issue.record("not an object"); return }
        var changedCount = 0
        for (path, value) in Self.leaves(of: vector.receipt) where !["signature", "zk_status", "tee_status"].contains(path[0]) {
            let tampered = Self.replacing(path, in: vector.receipt, with: Self.changed(value))
            // Changing `version` may make the receipt unreadable rather than wrongly signed: both refuse it.
            let verifies = (try? ReceivedReceipt(document: tampered).verify(with: vector.publicKey)) ?? false
            #expect(!verifies, "changing \(path.joined(separator: ".")) still verifies")
            changedCount += 1
        }
        #expect(changedCount > 20)
        // An added field is signed by AITBC's rule (every field), so it breaks the signature too...
        var added = fields
        added["bonus"] = 1
        #expect(!(try ReceivedReceipt(document: .object(added)).verify(with: vector.publicKey)))
        // ...while the fields AITBC sets after signing may change, and are reported as unsigned.
        added = fields
        added["zk_status"] = "verified"
        added["tee_quote"] = "anything"
        let annotated = try ReceivedReceipt(document: .object(added))
        #expect(annotated.verify(with: vector.publicKey))
        #expect(annotated.unsignedFields == ["tee_quote", "tee_status", "zk_status"] && annotated.unexpectedFields.isEmpty)
    }

    @Test func minerKitReceiptsReportFieldsTheSignatureDoesNotCover() throws {
        let pair = Ed25519KeyPair.generate()
        let document = try Self.minerKitReceipt(signedBy: pair, formatVersion: 2)
        let received = try ReceivedReceipt(document: document)
        #expect(received.format == .minerKit(version: 2) && received.receipt?.formatVersion == 2)
        #expect(received.verify(with: pair.publicKey) && received.unsignedFields.isEmpty)

        // Appended fields leave the signature valid but are named as not covered.
        guard case .object(var fields) = document else { return }
        fields["bonus"] = 100
        fields["note"] = .null
        let appended = try ReceivedReceipt(document: .object(fields))
        #expect(appended.verify(with: pair.publicKey))
        #expect(appended.unsignedFields == ["bonus"] && appended.unexpectedFields == ["bonus"] && appended.annotationFields.isEmpty)
    }

    @Test func theFormatVersionIsSignedAndVersionOneStillVerifies() throws {
        let pair = Ed25519KeyPair.generate()
        let legacy = try ReceivedReceipt(document: try Self.minerKitReceipt(signedBy: pair, formatVersion: nil))
        #expect(legacy.format == .minerKit(version: 1) && legacy.verify(with: pair.publicKey))

        guard case .object(var fields) = try Self.minerKitReceipt(signedBy: pair, formatVersion: 2) else { return }
        fields["format_version"] = nil
        #expect(!(try ReceivedReceipt(document: .object(fields)).verify(with: pair.publicKey)))
        fields["format_version"] = 1
        #expect(!(try ReceivedReceipt(document: .object(fields)).verify(with: pair.publicKey)))
        fields["format_version"] = 3
        expectError(.invalidInput, "unsupported_receipt_format") { _ = try ReceivedReceipt(document: .object(fields)) }

        // Dressing a MinerKit receipt as an AITBC one changes what is signed: it no longer verifies.
        guard case .object(var legacyFields) = legacy.document else { return }
        legacyFields["version"] = "1.0"
        let dressed = try ReceivedReceipt(document: .object(legacyFields))
        #expect(dressed.format == .aitbc(version: "1.0") && !dressed.verify(with: pair.publicKey))
    }

    @Test func documentsThatAreNoReceiptAreRefused() {
        expectError(.invalidInput, "invalid_receipt") { _ = try ReceivedReceipt(document: ["receipt_id": "r1"]) }
        expectError(.invalidInput, "invalid_receipt") { _ = try ReceivedReceipt(document: ["version": "1.0"]) }
        expectError(.invalidInput, "invalid_receipt") { _ = try ReceivedReceipt(document: .array([])) }
        expectError(.invalidInput, "unsupported_receipt_format") { _ = try ReceivedReceipt(document: ["version": "9.9"]) }
    }

    // MARK: Helpers

    static func minerKitReceipt(signedBy pair: Ed25519KeyPair, formatVersion: Int?) throws -> JSONValue {
        var fields: [String: JSONValue] = [
            "receipt_id": "rcpt_000000000000000000000001", "job_id": "j1", "provider": "m1", "client": "c1",
            "units": 1.5, "unit_type": "gpu_seconds", "price": 2, "model": "echo", "started_at": 1_700_000_000,
            "completed_at": 1_700_000_002, "result_hash": "sha256:00",
        ]
        if let formatVersion { fields["format_version"] = .number(Double(formatVersion)) }
        let signature = try pair.sign(document: .object(fields))
        fields["signature"] = ["alg": .string(signature.alg), "key_id": .string(signature.keyID), "sig": .string(signature.sig)]
        return .object(fields)
    }

    /// Every scalar in `value` (nulls aside: they are not signed) with its key path.
    static func leaves(of value: JSONValue, at path: [String] = []) -> [([String], JSONValue)] {
        switch value {
        case .object(let members): members.flatMap { leaves(of: $0.value, at: path + [$0.key]) }
        case .null: []
        default: [(path, value)]
        }
    }

    static func replacing(_ path: [String], in value: JSONValue, with new: JSONValue) -> JSONValue {
        guard let first = path.first, case .object(var members) = value else { return new }
        members[first] = replacing(Array(path.dropFirst()), in: members[first] ?? .null, with: new)
        return .object(members)
    }

    static func changed(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): .string(s + "x")
        case .number(let n): .number(n + 1)
        case .bool(let b): .bool(!b)
        default: .string("changed")
        }
    }
}
