import Foundation
import MinerKit
import Testing

/// /work/shared/vectors/aitbc_receipts_more.json (copied into Fixtures/): receipts AITBC's coordinator
/// served, where AITBC's canonical form (Python's `json.dumps`) differs from MinerKit's. Each genuine one
/// verifies from its text; the forged text, which repeats a key, is refused.
@Suite struct AITBCReceiptVectorTests {
    static let genuineNames = ["units_2.0", "null_in_list", "big_int", "small_float"]

    struct Vectors {
        let text: String
        let file: JSONValue
        let publicKey: Ed25519PublicKey

        init() throws {
            let url = try #require(Bundle.module.url(forResource: "aitbc_receipts_more", withExtension: "json", subdirectory: "Fixtures"))
            text = try String(contentsOf: url, encoding: .utf8)
            file = try JSONValue(parsing: text)
            publicKey = try Ed25519PublicKey(keyID: try #require(file["public_key_b64url"]?.stringValue))
        }

        /// The text of the genuine receipt `name`, exactly as the file writes it (numbers included).
        func genuineText(_ name: String) throws -> String {
            let opening = try #require(text.range(of: "\"\(name)\": {"))
            let start = text.index(before: opening.upperBound)
            var depth = 0
            var inString = false
            var escaped = false
            for index in text[start...].indices {
                let character = text[index]
                if inString {
                    if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                } else if character == "\"" {
                    inString = true
                } else if character == "{" {
                    depth += 1
                } else if character == "}" {
                    depth -= 1
                    if depth == 0 { return String(text[start...index]) }
                }
            }
            throw MinerKitError(.internal, code: "unbalanced", "\(name) has no end")
        }
    }

    @Test func theFileHoldsTheVectorsThisSuiteNames() throws {
        let vectors = try Vectors()
        guard case .object(let genuine)? = vectors.file["genuine"], case .object(let forged)? = vectors.file["forged_texts"] else {
            Issue.record("genuine and forged_texts are objects")
            return
        }
        #expect(genuine.keys.sorted() == Self.genuineNames.sorted())
        #expect(forged.keys.sorted() == ["duplicated_units_last"])
    }

    @Test(arguments: genuineNames)
    func aGenuineReceiptVerifiesFromItsText(name: String) throws {
        let vectors = try Vectors()
        let received = try ReceivedReceipt(text: try vectors.genuineText(name))
        #expect(received.format == .aitbc(version: "1.0"))
        #expect(received.refusal(with: vectors.publicKey) == nil, "\(name): \(received.refusal(with: vectors.publicKey) ?? "")")
        #expect(received.annotationFields == ["tee_status", "zk_status"] && received.unexpectedFields.isEmpty)
        #expect(!received.verify(with: Ed25519KeyPair.generate().publicKey))
    }

    @Test func theSignedBytesAreWhatPythonWrote() throws {
        let vectors = try Vectors()
        func signed(_ name: String) throws -> String {
            String(decoding: try ReceivedReceipt(text: try vectors.genuineText(name)).signedBytes(), as: UTF8.self)
        }
        #expect(try signed("units_2.0").contains(#""units":2.0,"#))
        #expect(try signed("null_in_list").contains(#""output":["a","b"]"#))
        #expect(try signed("big_int").contains(#""nonce":12345678901234567891,"#))
        let small = try signed("small_float")
        #expect(small.contains(#""p":1e-07,"#) && small.contains(#""q":1.5e+20,"#) && small.contains(#""price":2e-05,"#))
        #expect(!small.contains("null") && !small.contains("zk_status") && !small.contains("signature"))
    }

    @Test(arguments: [
        ("units_2.0", "\"units\": 2.0", "\"units\": 2"),          // a tool that writes 2.0 as 2
        ("big_int", "12345678901234567891", "12345678901234567000"),  // a tool that rounds through a Double
        ("small_float", "\"price\": 2e-05", "\"price\": 3e-05"),
        ("null_in_list", "\"b\"\n", "\"c\"\n"),
    ])
    func aChangedNumberOrItemDoesNotVerify(name: String, original: String, changed: String) throws {
        let vectors = try Vectors()
        let text = try vectors.genuineText(name)
        #expect(text.contains(original))
        let received = try ReceivedReceipt(text: text.replacingOccurrences(of: original, with: changed))
        let refusal = try #require(received.refusal(with: vectors.publicKey))
        #expect(refusal.contains("does not match") && refusal.contains("aitbc-python-json"), "\(refusal)")
    }

    @Test func theForgedTextIsRefusedForItsRepeatedKey() throws {
        let vectors = try Vectors()
        let forged = try #require(vectors.file["forged_texts"]?["duplicated_units_last"]?.stringValue)
        do {
            _ = try ReceivedReceipt(text: forged)
            Issue.record("the forged receipt was read")
        } catch let error as MinerKitError {
            #expect(error.code == "duplicate_key" && error.detail.contains("\"units\"") && error.detail.contains(" $;"), "\(error)")
        }
    }
}
