import Foundation
import MinerKit
import Testing

/// `minerkit receipts verify` says which canonical form it used and why it refuses (a repeated key
/// above all); `serve --config` refuses a config file that repeats an option.
@Suite struct DuplicateKeyCommandTests {
    static let vectorsPath = ConnectionLimitsTests.root.appendingPathComponent("Tests/MinerKitTests/Fixtures/aitbc_receipts_more.json").path

    /// Writes `text` to a fresh temporary file, runs `body` with its path and removes it.
    static func withFile<T>(_ text: String, _ body: (String) async throws -> T) async throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try await body(url.path)
    }

    /// The genuine AITBC receipt `name` from the vectors file, as its text (Python's number text kept).
    static func genuineAITBCReceipt(_ name: String) throws -> String {
        let text = try String(contentsOfFile: vectorsPath, encoding: .utf8)
        let opening = try #require(text.range(of: "\"\(name)\": {"))
        var depth = 0
        var inString = false
        var escaped = false
        for index in text[text.index(before: opening.upperBound)...].indices {
            switch (inString, escaped, text[index]) {
            case (true, true, _): escaped = false
            case (true, false, "\\"): escaped = true
            case (true, false, "\""), (false, _, "\""): inString.toggle()
            case (false, _, "{"): depth += 1
            case (false, _, "}"):
                depth -= 1
                if depth == 0 { return String(text[text.index(before: opening.upperBound)...index]) }
            default: break
            }
        }
        throw MinerKitError(.internal, code: "unbalanced", "\(name) has no end")
    }

    @Test func verifyNamesTheCanonicalFormAndRefusesARepeatedKey() async throws {
        let vectors = try JSONValue(parsing: String(contentsOfFile: Self.vectorsPath, encoding: .utf8))
        let key = try #require(vectors["public_key_b64url"]?.stringValue)

        let genuine = try await Self.withFile(try Self.genuineAITBCReceipt("units_2.0")) { path in
            try await CommandLineBehaviourTests.minerkit(["receipts", "verify", path, "--key", key])
        }
        #expect(genuine.status == 0, "\(genuine.output)")
        #expect(genuine.output.contains("canonical form: aitbc-python-json") && genuine.output.contains("signature: valid"),
                "\(genuine.output)")

        let forgedText = try #require(vectors["forged_texts"]?["duplicated_units_last"]?.stringValue)
        let forged = try await Self.withFile(forgedText) { path in
            try await CommandLineBehaviourTests.minerkit(["receipts", "verify", path, "--key", key])
        }
        #expect(forged.status == 1, "\(forged.output)")
        #expect(forged.output.contains("INVALID") && forged.output.contains("duplicate_key") && forged.output.contains("\"units\""),
                "\(forged.output)")
        #expect(!forged.output.contains("signature: valid"))

        // A MinerKit receipt with a second provider appended: first-copy readers would say valid.
        let pair = Ed25519KeyPair.generate()
        var fields: [String: JSONValue] = [
            "receipt_id": "rcpt_000000000000000000000001", "job_id": "j1", "provider": "m1", "client": "c1", "units": 2,
            "unit_type": "gpu_seconds", "price": 1, "model": "echo", "started_at": 1_700_000_000,
            "completed_at": 1_700_000_002, "result_hash": "sha256:00", "format_version": 2,
        ]
        let signature = try pair.sign(document: .object(fields))
        fields["signature"] = ["alg": .string(signature.alg), "key_id": .string(signature.keyID), "sig": .string(signature.sig)]
        let text = JSONValue.object(fields).jsonString()
        let mine = try await Self.withFile(text) { path in
            try await CommandLineBehaviourTests.minerkit(["receipts", "verify", path, "--key", pair.publicKey.keyID])
        }
        #expect(mine.status == 0 && mine.output.contains("canonical form: minerkit-canonical-json"), "\(mine.output)")
        let appended = try await Self.withFile(String(text.dropLast()) + #","provider":"mallory"}"#) { path in
            try await CommandLineBehaviourTests.minerkit(["receipts", "verify", path, "--key", pair.publicKey.keyID])
        }
        #expect(appended.status == 1 && appended.output.contains("\"provider\"") && appended.output.contains("duplicate_key"),
                "\(appended.output)")
    }

    @Test func aConfigFileRepeatingAnOptionIsRefused() async throws {
        let outcome = try await Self.withFile(#"{"port": 9001, "block-size": 5, "port": 9002}"#) { path in
            try await CommandLineBehaviourTests.minerkit(["coordinator", "serve", "--config", path, "--print-config"])
        }
        #expect(outcome.status != 0, "\(outcome.output)")
        #expect(outcome.output.contains("\"port\"") && outcome.output.contains("more than once"), "\(outcome.output)")
    }
}
