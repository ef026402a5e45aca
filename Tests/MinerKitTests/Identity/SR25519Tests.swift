import Testing
@testable import MinerKit

extension IdentityTests {
    @Suite("sr25519")
    struct SR25519 {
        @Test func seedExpansionMatchesSchnorrkel() throws {
            for key in try SR25519Fixtures.load().keys {
                #expect(Hex.encode(SR25519KeyPair.expand(seed: bytes(key.seed_hex))) == key.secret_key_hex, "\(key.name)")
                let pair = try SR25519KeyPair(seed: bytes(key.seed_hex))
                #expect(Hex.encode(pair.publicKey.bytes) == key.pubkey_hex, "\(key.name)")
            }
        }

        @Test func everyPositiveVectorVerifies() throws {
            let fixtures = try SR25519Fixtures.load()
            var count = 0
            for key in fixtures.keys {
                let publicKey = try SR25519PublicKey(bytes: bytes(key.pubkey_hex))
                for sig in key.signatures {
                    #expect(sig.verifies)
                    #expect(publicKey.verify(signature: bytes(sig.signature_hex), message: bytes(sig.message_hex)), "\(key.name)")
                    count += 1
                }
            }
            #expect(count == 15)
        }

        @Test func everyNegativeVectorIsRefused() throws {
            let fixtures = try SR25519Fixtures.load()
            #expect(fixtures.negative.count == 5)
            for case_ in fixtures.negative {
                #expect(!case_.verifies)
                let publicKey = try SR25519PublicKey(bytes: bytes(try #require(case_.pubkey_hex)))
                #expect(!publicKey.verify(signature: bytes(case_.signature_hex), message: bytes(case_.message_hex)),
                        "\(case_.name ?? "")")
            }
        }

        @Test func intermediatesMatch() throws {
            let fixtures = try SR25519Fixtures.load()
            for item in try SR25519Fixtures.intermediates().keys {
                let key = try #require(fixtures.keys.first { $0.name == item.name })
                let signature = bytes(item.signature_hex)
                let commitment = Array(signature[0..<32])
                #expect(Hex.encode(commitment) == item.R_hex)
                let k = SR25519Transcript.challenge(context: SR25519PublicKey.substrateContext,
                                                    message: Array(item.message.utf8),
                                                    publicKey: bytes(key.pubkey_hex), commitment: commitment)
                #expect(Hex.encode(k) == item.challenge_k_hex, "\(item.name)")
                var s = Array(signature[32..<64])
                s[31] &= 0x7f
                #expect(Hex.encode(s) == item.s_unmarked_hex)
                #expect(Hex.encode(Ristretto.multiplyBase(s)) == item.sB_hex, "\(item.name)")
                #expect(Hex.encode(Ristretto.multiply(k, bytes(key.pubkey_hex))) == item.kA_hex, "\(item.name)")
            }
        }

        @Test func signsAndVerifiesRoundTrip() throws {
            let pair = SR25519KeyPair.generate()
            let message = Array("auth:1700000000".utf8)
            let sig1 = pair.sign(message)
            let sig2 = pair.sign(message)
            #expect(sig1.count == 64)
            #expect(sig1[63] & 0x80 != 0)
            #expect(sig1 != sig2, "signatures are randomized")
            #expect(pair.publicKey.verify(signature: sig1, message: message))
            #expect(pair.publicKey.verify(signature: sig2, message: message))
            #expect(!pair.publicKey.verify(signature: sig1, message: Array("auth:1700000001".utf8)))
            #expect(!pair.publicKey.verify(signature: sig1, message: message, context: Array("other".utf8)))
            #expect(!SR25519KeyPair.generate().publicKey.verify(signature: sig1, message: message))
        }

        @Test func fixtureKeySignsVerifiably() throws {
            let key = try #require(try SR25519Fixtures.load().keys.first)
            let pair = try SR25519KeyPair(seed: bytes(key.seed_hex))
            let message = Array("hello".utf8)
            #expect(pair.publicKey.verify(signature: pair.sign(message), message: message))
        }

        @Test func malformedSignaturesAreRefused() throws {
            let pair = try SR25519KeyPair(seed: [UInt8](repeating: 9, count: 32))
            let message = Array("m".utf8)
            let good = pair.sign(message)
            let pk = pair.publicKey
            // Wrong lengths.
            #expect(!pk.verify(signature: [], message: message))
            #expect(!pk.verify(signature: Array(good.dropLast()), message: message))
            #expect(!pk.verify(signature: good + [0], message: message))
            // Marker bit missing.
            var unmarked = good
            unmarked[63] &= 0x7f
            #expect(!pk.verify(signature: unmarked, message: message))
            // s ≥ l: s + l is the same scalar mod l but not canonical (fits: s < 2^253, l < 2^253).
            var sPlusL = Array(good[32..<64])
            sPlusL[31] &= 0x7f
            var carry = 0
            for i in 0..<32 {
                let v = Int(sPlusL[i]) + Int(Ristretto.order[i]) + carry
                sPlusL[i] = UInt8(v & 0xff)
                carry = v >> 8
            }
            #expect(sPlusL[31] & 0x80 == 0)
            #expect(!pk.verify(signature: Array(good[0..<32]) + sPlusL.dropLast() + [sPlusL[31] | 0x80], message: message))
            // s == l exactly.
            #expect(!pk.verify(signature: Array(good[0..<32]) + Ristretto.order.dropLast() + [Ristretto.order[31] | 0x80], message: message))
            // R not a valid ristretto encoding (all 0xff is not canonical), and R the identity.
            #expect(!pk.verify(signature: [UInt8](repeating: 0xff, count: 32) + good[32...], message: message))
            #expect(!pk.verify(signature: [UInt8](repeating: 0, count: 32) + good[32...], message: message))
            // s = 0 with an arbitrary R.
            #expect(!pk.verify(signature: Array(good[0..<32]) + [UInt8](repeating: 0, count: 31) + [0x80], message: message))
            #expect(pk.verify(signature: good, message: message))
        }

        @Test func malformedPublicKeysAndSeedsAreRefused() {
            #expect(throws: MinerKitError.self) { try SR25519PublicKey(bytes: [UInt8](repeating: 0, count: 32)) }
            #expect(throws: MinerKitError.self) { try SR25519PublicKey(bytes: [UInt8](repeating: 0xff, count: 32)) }
            #expect(throws: MinerKitError.self) { try SR25519PublicKey(bytes: [1, 2, 3]) }
            // A non-canonical field element: p = 2^255 - 19 itself (ed ff .. 7f) is not a valid encoding.
            #expect(throws: MinerKitError.self) { try SR25519PublicKey(bytes: [0xed] + [UInt8](repeating: 0xff, count: 30) + [0x7f]) }
            #expect(throws: MinerKitError.self) { try SR25519KeyPair(seed: [UInt8](repeating: 1, count: 31)) }
        }

        @Test func descriptionIsRedacted() throws {
            let seed = [UInt8](repeating: 0xab, count: 32)
            let pair = try SR25519KeyPair(seed: seed)
            #expect(!pair.description.contains(Hex.encode(seed)))
            #expect(!pair.description.contains(Hex.encode(SR25519KeyPair.expand(seed: seed))))
            #expect(pair.description.contains("redacted"))
        }
    }
}
