import Foundation
import Testing
@testable import MinerKit

extension IdentityTests {
    @Suite("Ed25519 and signed documents")
    struct Ed25519 {
        /// RFC 8032 §7.1 test 2.
        @Test func rfc8032Vector() throws {
            let pair = try Ed25519KeyPair(seed: bytes("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"))
            #expect(Hex.encode(pair.publicKey.bytes) == "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
            let sig = pair.sign([0x72])
            #expect(Hex.encode(sig) == "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")
            #expect(pair.publicKey.verify(signature: sig, message: [0x72]))
            #expect(!pair.publicKey.verify(signature: sig, message: [0x73]))
        }

        @Test func keyIDIsUnpaddedBase64URLAndRoundTrips() throws {
            let pair = Ed25519KeyPair.generate()
            let id = pair.publicKey.keyID
            #expect(id.count == 43 && !id.contains("="))
            #expect(try Ed25519PublicKey(keyID: id) == pair.publicKey)
            #expect(throws: MinerKitError.self) { try Ed25519PublicKey(keyID: id + "=") }
            #expect(throws: MinerKitError.self) { try Ed25519PublicKey(keyID: String(id.dropLast())) }
            #expect(throws: MinerKitError.self) { try Ed25519PublicKey(keyID: "not a key") }
            #expect(throws: MinerKitError.self) { try Ed25519PublicKey(bytes: [1, 2, 3]) }
            #expect(throws: MinerKitError.self) { try Ed25519KeyPair(seed: [UInt8](repeating: 0, count: 33)) }
        }

        @Test func malformedSignaturesAreRefused() throws {
            let pair = Ed25519KeyPair.generate()
            let msg = Array("m".utf8)
            let sig = pair.sign(msg)
            #expect(!pair.publicKey.verify(signature: Array(sig.dropLast()), message: msg))
            #expect(!pair.publicKey.verify(signature: sig + [0], message: msg))
            #expect(!pair.publicKey.verify(signature: [UInt8](repeating: 0, count: 64), message: msg))
            var highS = sig
            highS[63] |= 0xf0 // s ≥ l: non-canonical
            #expect(!pair.publicKey.verify(signature: highS, message: msg))
            let identityKey = try Ed25519PublicKey(bytes: [1] + [UInt8](repeating: 0, count: 31))
            #expect(!identityKey.verify(signature: sig, message: msg))
        }

        @Test func documentSignatureSurvivesReorderingAndDetectsChanges() throws {
            let pair = Ed25519KeyPair.generate()
            let receipt = try #require(JSONValue(jsonString: #"{"receipt_id":"r1","job_id":"j1","units":12,"price":0.25,"note":null}"#))
            let signature = try pair.sign(document: receipt)
            #expect(signature.alg == "Ed25519" && signature.keyID == pair.publicKey.keyID)
            #expect(Base64URL.decode(signature.sig)?.count == 64)
            let reordered = try #require(JSONValue(jsonString: #"{"price":0.25,"units":12.0,"job_id":"j1","receipt_id":"r1"}"#))
            #expect(pair.publicKey.verify(signature, document: reordered))
            let changed = try #require(JSONValue(jsonString: #"{"price":0.26,"units":12,"job_id":"j1","receipt_id":"r1"}"#))
            #expect(!pair.publicKey.verify(signature, document: changed))
            var wrongAlg = signature
            wrongAlg.alg = "Sr25519"
            #expect(!pair.publicKey.verify(wrongAlg, document: receipt))
            #expect(!Ed25519KeyPair.generate().publicKey.verify(signature, document: receipt))
            var badSig = signature
            badSig.sig = "!!"
            #expect(!pair.publicKey.verify(badSig, document: receipt))
        }

        @Test func signatureCodableUsesSnakeCase() throws {
            let sig = Signature(alg: "Ed25519", keyID: "abc", sig: "def")
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            #expect(String(decoding: try encoder.encode(sig), as: UTF8.self) == #"{"alg":"Ed25519","key_id":"abc","sig":"def"}"#)
            #expect(try JSONDecoder().decode(Signature.self, from: Data(#"{"alg":"Ed25519","key_id":"abc","sig":"def"}"#.utf8)) == sig)
        }

        @Test func descriptionIsRedacted() throws {
            let seed = [UInt8](repeating: 0x5a, count: 32)
            let pair = try Ed25519KeyPair(seed: seed)
            #expect(!pair.description.contains(Hex.encode(seed)))
            #expect(!pair.description.contains(Base64URL.encode(seed)))
            #expect(pair.description.contains(pair.publicKey.keyID))
        }
    }
}
