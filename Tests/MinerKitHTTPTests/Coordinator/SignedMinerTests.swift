import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// Miners that authenticate with signed requests (`X-Key`, `X-Timestamp`, `X-Signature`) instead of API keys.
@Suite struct SignedMinerTests {
    private func signed(_ pair: Ed25519KeyPair, _ live: LiveCoordinator, offset: TimeInterval = 0) -> [String: String] {
        let headers = AuthHeaders(signing: pair, at: live.clock.now().addingTimeInterval(offset))
        return ["X-Key": headers.key, "X-Timestamp": headers.timestamp, "X-Signature": headers.signature]
    }

    @Test func registerPollAndCompleteWithSignedRequests() async throws {
        try await LiveCoordinator.serving { live in
            let pair = Ed25519KeyPair.generate()
            let registered = try await live.send(.POST, "/v1/miners/register", headers: signed(pair, live),
                                                 json: ["capabilities": ["llama3.2"]])
            #expect(registered.status == 201)
            #expect(registered.json["miner_id"]?.stringValue == pair.publicKey.keyID && registered.json["api_key"] == nil)

            let id = try await live.submit()
            live.clock.advance(by: 1)  // Ed25519 signatures are deterministic: a new second, a new signature
            let polled = try await live.send(.POST, "/v1/miners/poll", headers: signed(pair, live))
            #expect(polled.status == 200 && polled.json["job_id"]?.stringValue == id)
            live.clock.advance(by: 1)
            let done = try await live.send(.POST, "/v1/miners/\(id)/result", headers: signed(pair, live), json: ["result": "ok"])
            #expect(done.status == 200)
            #expect(done.json["receipt"]?["provider"]?.stringValue == pair.publicKey.keyID)
        }
    }

    @Test func wrongKeysStaleTimestampsAndReplaysAreRefused() async throws {
        try await LiveCoordinator.serving { live in
            let pair = Ed25519KeyPair.generate()
            _ = try await live.send(.POST, "/v1/miners/register", headers: signed(pair, live), json: ["capabilities": []])

            live.clock.advance(by: 1)
            var impostor = signed(.generate(), live)
            impostor["X-Miner-ID"] = pair.publicKey.keyID
            let wrong = try await live.send(.POST, "/v1/miners/heartbeat", headers: impostor)
            #expect(wrong.status == 401 && wrong.errorCode == "invalid_signer")

            let stale = try await live.send(.POST, "/v1/miners/heartbeat", headers: signed(pair, live, offset: -600))
            #expect(stale.status == 401 && stale.errorCode == "auth_expired_timestamp")

            let fresh = signed(pair, live)
            #expect(try await live.send(.POST, "/v1/miners/heartbeat", headers: fresh).status == 200)
            let replay = try await live.send(.POST, "/v1/miners/heartbeat", headers: fresh)
            #expect(replay.status == 401 && replay.errorCode == "auth_replayed")

            live.clock.advance(by: 1)
            let squat = try await live.send(.POST, "/v1/miners/register", headers: signed(.generate(), live),
                                            json: ["miner_id": .string(pair.publicKey.keyID), "capabilities": []])
            #expect(squat.status == 401)
        }
    }
}
