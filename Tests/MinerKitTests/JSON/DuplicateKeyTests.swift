import Foundation
import MinerKit
import Testing

/// A JSON object that repeats a key is refused by MinerKit's parser and by the check that runs before
/// `JSONDecoder`, with the key and its object's path named; texts without a repeat pass both.
@Suite struct DuplicateKeyTests {
    /// The `duplicate_key` error from both readers of `text`, which must agree.
    static func refusals(_ text: String) -> (parser: MinerKitError?, check: MinerKitError?) {
        var parser: MinerKitError?
        do { _ = try JSONValue(parsing: text) } catch { parser = error as? MinerKitError }
        var check: MinerKitError?
        do { try JSONDuplicateKeys.check(Data(text.utf8)) } catch { check = error as? MinerKitError }
        return (parser, check)
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "a", "$"),
        (#"{"m":{"x":[{"ok":1},{"k":1,"b":2,"k":3}]}}"#, "k", "$.m.x[1]"),
        (#"{"a":1,"\u0061":2}"#, "a", "$"),
        (#"{"é":1,"\u00e9":2}"#, "é", "$"),
        (#"[0, {"p": {"q": null, "q": null}}]"#, "q", "$[1].p"),
    ])
    func aRepeatedKeyIsRefusedWithItsNameAndPlace(text: String, key: String, path: String) throws {
        let (parser, check) = Self.refusals(text)
        for error in [parser, check] {
            let error = try #require(error, "\(text) was accepted")
            #expect(error.kind == .invalidInput && error.code == "duplicate_key")
            #expect(error.detail.contains("\"\(key)\"") && error.detail.contains(" \(path);"), "\(error.detail)")
        }
        #expect(JSONValue(jsonString: text) == nil)
    }

    @Test func aRepeatInALargeObjectIsFound() throws {
        let members = (0..<200).map { "\"key\($0)\":\($0)" }
        let text = "{" + members.joined(separator: ",") + ",\"key117\":0}"
        let (parser, check) = Self.refusals(text)
        #expect(parser?.code == "duplicate_key" && check?.code == "duplicate_key")
        #expect(check?.detail.contains("\"key117\"") == true)
        let unique = "{" + members.joined(separator: ",") + "}"
        #expect(Self.refusals(unique).parser == nil && Self.refusals(unique).check == nil)
    }

    @Test(arguments: [
        #"{"a":{"a":1},"b":{"a":2}}"#,                  // the same key in different objects
        #"[{"a":1},{"a":2}]"#,
        #"{"a":"a","b":["a","a"],"c":"\"a\":"}"#,       // strings that look like keys
        #"{"a\"":1,"a":2,"a\\":3}"#,                    // keys that differ only by an escape
        #"{"":1,"x":{"":2}}"#,
    ])
    func textsWithoutARepeatPass(text: String) throws {
        let (parser, check) = Self.refusals(text)
        #expect(parser == nil && check == nil, "\(text): \(String(describing: parser ?? check))")
    }

    @Test func jsonDecoderIsCheckedFirst() throws {
        struct Body: Decodable { var provider: String }
        let forged = Data(#"{"provider":"alice","provider":"mallory"}"#.utf8)
        // Foundation alone takes one copy silently...
        #expect((try? JSONDecoder().decode(Body.self, from: forged)) != nil)
        // ...the shared check refuses it.
        #expect(throws: MinerKitError.self) { try JSONDecoder().decodeUniqueKeys(Body.self, from: forged) }
        #expect(try JSONDecoder().decodeUniqueKeys(Body.self, from: Data(#"{"provider":"alice"}"#.utf8)).provider == "alice")
    }

    @Test func aReceiptWithARepeatedFieldIsRefused() throws {
        let pair = Ed25519KeyPair.generate()
        let genuine = try ReceivedReceiptTests.minerKitReceipt(signedBy: pair, formatVersion: 2).jsonString()
        #expect(try ReceivedReceipt(text: genuine).verify(with: pair.publicKey))
        // Appended after the genuine field, as a forger would: `JSONDecoder` and a first-copy reader see m1.
        let forged = String(genuine.dropLast()) + #","provider":"mallory"}"#
        do {
            _ = try ReceivedReceipt(text: forged)
            Issue.record("a receipt naming two providers was read")
        } catch let error as MinerKitError {
            #expect(error.code == "duplicate_key" && error.detail.contains("\"provider\""), "\(error)")
        }
    }
}
