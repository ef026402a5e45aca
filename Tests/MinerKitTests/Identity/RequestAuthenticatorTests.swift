import Foundation
import Testing
@testable import MinerKit

extension IdentityTests {
    @Suite("Signed-request authentication")
    struct RequestAuth {
        let clock = ManualTimeSource()

        private func refusal(_ code: String, _ auth: RequestAuthenticator,
                             _ key: String?, _ timestamp: String?, _ signature: String?,
                             sourceLocation: SourceLocation = #_sourceLocation) async {
            do {
                _ = try await auth.authenticate(key: key, timestamp: timestamp, signature: signature)
                Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
            } catch let error as MinerKitError {
                #expect(error.kind == .unauthorized, sourceLocation: sourceLocation)
                #expect(error.code == code, sourceLocation: sourceLocation)
                for value in [key, timestamp, signature].compactMap({ $0 }) where value.count > 8 {
                    #expect(!error.detail.contains(value), "detail echoes a header", sourceLocation: sourceLocation)
                }
            } catch {
                Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            }
        }

        @Test func acceptsSchnorrkelVectorAndRefusesItsReplay() async throws {
            let alice = try #require(try SR25519Fixtures.load().keys.first { $0.name == "alice" })
            let sig = try #require(alice.signatures.first { $0.message_hex == Hex.encode(Array("auth:1700000000".utf8)) })
            let auth = RequestAuthenticator(timeSource: clock)
            let who = try await auth.authenticate(key: alice.ss58_42, timestamp: "1700000000", signature: sig.signature_hex)
            #expect(who.scheme == .sr25519 && who.ss58 == alice.ss58_42 && Hex.encode(who.publicKey) == alice.pubkey_hex)
            await refusal("auth_replayed", auth, alice.ss58_42, "1700000000", sig.signature_hex)
            // Uppercase hex with 0x is the same signature: still a replay.
            await refusal("auth_replayed", auth, alice.ss58_42, "1700000000", "0x" + sig.signature_hex.uppercased())
            // Other prefixes name the same key.
            let polkadot = RequestAuthenticator(timeSource: clock)
            #expect(try await polkadot.authenticate(key: alice.ss58_0_polkadot, timestamp: "1700000000", signature: sig.signature_hex).ss58 == alice.ss58_42)
        }

        @Test func sr25519AndEd25519ClientsAuthenticate() async throws {
            let auth = RequestAuthenticator(timeSource: clock)
            let hotkey = SR25519KeyPair.generate()
            let h1 = AuthHeaders(signing: hotkey, at: clock.now())
            #expect(try await auth.authenticate(key: h1.key, timestamp: h1.timestamp, signature: h1.signature).publicKey == hotkey.publicKey.bytes)
            let service = Ed25519KeyPair.generate()
            let h2 = AuthHeaders(signing: service, at: clock.now())
            let who = try await auth.authenticate(key: h2.key, timestamp: h2.timestamp, signature: h2.signature)
            #expect(who.scheme == .ed25519 && who.publicKey == service.publicKey.bytes)
            #expect(who.ss58 == (try SS58.encode(publicKey: service.publicKey.bytes)))
        }

        @Test func timestampWindowIsPlusMinus300Seconds() async throws {
            let auth = RequestAuthenticator(timeSource: clock)
            let pair = SR25519KeyPair.generate()
            let now = clock.now()
            for offset in [-300.0, 300, 0] {
                let h = AuthHeaders(signing: pair, at: now.addingTimeInterval(offset))
                _ = try await auth.authenticate(key: h.key, timestamp: h.timestamp, signature: h.signature)
            }
            for offset in [-301.0, 301, -86400, 86400] {
                let h = AuthHeaders(signing: pair, at: now.addingTimeInterval(offset))
                await refusal("auth_expired_timestamp", auth, h.key, h.timestamp, h.signature)
            }
            // A signature accepted now expires with its timestamp: replays stay refused as expired.
            let h = AuthHeaders(signing: pair, at: now.addingTimeInterval(10))
            _ = try await auth.authenticate(key: h.key, timestamp: h.timestamp, signature: h.signature)
            clock.advance(by: 200)
            await refusal("auth_replayed", auth, h.key, h.timestamp, h.signature)
            clock.advance(by: 120)
            await refusal("auth_expired_timestamp", auth, h.key, h.timestamp, h.signature)
        }

        @Test func missingAndMalformedHeadersAreRefused() async throws {
            let auth = RequestAuthenticator(timeSource: clock)
            let pair = SR25519KeyPair.generate()
            let h = AuthHeaders(signing: pair, at: clock.now())
            await refusal("auth_missing_header", auth, nil, h.timestamp, h.signature)
            await refusal("auth_missing_header", auth, h.key, nil, h.signature)
            await refusal("auth_missing_header", auth, h.key, h.timestamp, nil)
            await refusal("auth_missing_header", auth, "", h.timestamp, h.signature)
            for key in ["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ", "not-a-key", String(h.key.dropLast()), h.key + "0",
                        Base64URL.encode([UInt8](repeating: 1, count: 31)), String(repeating: "z", count: 5000)] {
                await refusal("auth_malformed_header", auth, key, h.timestamp, h.signature)
            }
            for timestamp in ["-1700000000", "+1700000000", "1700000000.5", " 1700000000", "1e9", "abc", "1234567890123", "١٧٠٠٠٠٠٠٠٠"] {
                await refusal("auth_malformed_header", auth, h.key, timestamp, h.signature)
            }
            for signature in [String(h.signature.dropLast(2)), h.signature + "00", String(h.signature.dropLast()) + "g", "0x", "zz"] {
                await refusal("auth_malformed_header", auth, h.key, h.timestamp, signature)
            }
            // ss58 of bytes that are not a ristretto255 point.
            let notAPoint = try SS58.encode(publicKey: [UInt8](repeating: 0xff, count: 32))
            await refusal("auth_malformed_header", auth, notAPoint, h.timestamp, h.signature)
            _ = try await auth.authenticate(key: h.key, timestamp: h.timestamp, signature: h.signature)
        }

        @Test func badSignaturesAreRefused() async throws {
            let auth = RequestAuthenticator(timeSource: clock)
            let pair = SR25519KeyPair.generate()
            let h = AuthHeaders(signing: pair, at: clock.now())
            let other = AuthHeaders(signing: SR25519KeyPair.generate(), at: clock.now())
            await refusal("auth_bad_signature", auth, other.key, h.timestamp, h.signature)
            let later = AuthHeaders(signing: pair, at: clock.now().addingTimeInterval(1))
            await refusal("auth_bad_signature", auth, h.key, later.timestamp, h.signature)
            var raw = try #require(Hex.decode(h.signature))
            raw[63] &= 0x7f
            await refusal("auth_bad_signature", auth, h.key, h.timestamp, Hex.encode(raw))
            await refusal("auth_bad_signature", auth, h.key, h.timestamp, String(repeating: "00", count: 64))
            // An Ed25519 signature presented for an sr25519 hotkey.
            let ed = Ed25519KeyPair.generate()
            await refusal("auth_bad_signature", auth, h.key, h.timestamp, Hex.encode(ed.sign(AuthHeaders.message(timestamp: h.timestamp))))
            // Failed attempts do not poison the replay cache.
            _ = try await auth.authenticate(key: h.key, timestamp: h.timestamp, signature: h.signature)
        }

        @Test func registeredPolicyRefusesUnknownKeysAndPicksScheme() async throws {
            let miner = SR25519KeyPair.generate()
            let service = Ed25519KeyPair.generate()
            let known: [[UInt8]: SignatureScheme] = [miner.publicKey.bytes: .sr25519, service.publicKey.bytes: .ed25519]
            let auth = RequestAuthenticator(timeSource: clock, policy: .registered { known[$0] })
            let m = AuthHeaders(signing: miner, at: clock.now())
            _ = try await auth.authenticate(key: m.key, timestamp: m.timestamp, signature: m.signature)
            // An Ed25519 key named by ss58 verifies as Ed25519 because the registry says so.
            let s = AuthHeaders(signing: service, at: clock.now())
            let ss58 = try SS58.encode(publicKey: service.publicKey.bytes)
            #expect(try await auth.authenticate(key: ss58, timestamp: s.timestamp, signature: s.signature).scheme == .ed25519)
            let stranger = AuthHeaders(signing: SR25519KeyPair.generate(), at: clock.now())
            await refusal("auth_unknown_key", auth, stranger.key, stranger.timestamp, stranger.signature)
        }

        @Test func replayCacheIsBounded() async throws {
            let auth = RequestAuthenticator(timeSource: clock, replays: ReplayCache(capacity: 3))
            let pair = SR25519KeyPair.generate()
            let headers = (0..<5).map { _ in AuthHeaders(signing: pair, at: clock.now()) }
            for h in headers { _ = try await auth.authenticate(key: h.key, timestamp: h.timestamp, signature: h.signature) }
            // The newest three are remembered; the oldest two were evicted (documented trade-off).
            for h in headers.suffix(3) { await refusal("auth_replayed", auth, h.key, h.timestamp, h.signature) }

            let cache = ReplayCache(capacity: 2)
            #expect(cache.insert([1], expiry: 100, now: 0))
            #expect(!cache.insert([1], expiry: 100, now: 50))
            #expect(cache.insert([2], expiry: 100, now: 50))
            #expect(cache.insert([3], expiry: 100, now: 50))
            #expect(cache.count == 2)
            #expect(cache.insert([4], expiry: 300, now: 200), "expired entries are dropped")
            #expect(cache.count == 1)
        }

        @Test func concurrentReplaysAcceptExactlyOne() async throws {
            let auth = RequestAuthenticator(timeSource: clock)
            let h = AuthHeaders(signing: SR25519KeyPair.generate(), at: clock.now())
            let accepted = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<16 {
                    group.addTask { (try? await auth.authenticate(key: h.key, timestamp: h.timestamp, signature: h.signature)) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 1)
        }
    }
}
