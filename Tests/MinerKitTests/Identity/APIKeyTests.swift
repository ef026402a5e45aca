import Testing
@testable import MinerKit

extension IdentityTests {
    @Suite("API keys")
    struct APIKeys {
        @Test func generatedKeysAreUniqueAndWellFormed() throws {
            let a = APIKey.generate(), b = APIKey.generate()
            #expect(a.text != b.text)
            #expect(a.text.hasPrefix("mk_") && a.text.count == 46)
            #expect(Base64URL.decode(a.text.dropFirst(3))?.count == 32)
            #expect(try APIKey(a.text).text == a.text)
        }

        @Test func hashMatchesOnlyItsKey() throws {
            let key = APIKey.generate()
            let stored = key.hash
            #expect(stored.count == 64 && !stored.contains(key.text.dropFirst(3)))
            #expect(key.matches(hash: stored))
            #expect(try APIKey(key.text).matches(hash: stored))
            #expect(!APIKey.generate().matches(hash: stored))
            #expect(!key.matches(hash: "zz"))
            #expect(!key.matches(hash: String(stored.dropLast(2))))
        }

        @Test func hashIsSHA256OfTheText() throws {
            // sha256("mk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") computed with Python hashlib.
            let key = try APIKey("mk_" + String(repeating: "A", count: 43))
            #expect(key.hash == "99e486a4273ed468c603dc51c1ba2232199a90d1df4a5d0a099a9d41f215d54a")
        }

        @Test func refusesMalformedKeys() {
            for text in ["", "mk_", "mk_abc", "xx_" + String(repeating: "A", count: 43), "mk_" + String(repeating: "A", count: 42) + "=",
                         "mk_" + String(repeating: "A", count: 44), "mk_" + String(repeating: "+", count: 43)] {
                #expect(throws: MinerKitError.self, "\(text)") { try APIKey(text) }
            }
        }

        @Test func descriptionIsRedacted() {
            let key = APIKey.generate()
            #expect(!key.description.contains(key.text.dropFirst(3)))
            #expect(!"\(key)".contains(key.text.dropFirst(3)))
        }
    }
}
