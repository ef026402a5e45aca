import Foundation
import MinerKit
import MinerKitHTTP
import Testing

@Suite struct SpecMinerRoutesTests {
    @Test func registerAvailableClaimCompleteGivesAVerifiableReceipt() async throws {
        try await LiveCoordinator.serving { live in
            let miner = try await live.registerMiner("m1")

            let none = try await live.send(.GET, "/v1/jobs/available?miner_id=m1", headers: miner)
            #expect(none.status == 200 && String(decoding: none.body, as: UTF8.self) == "null")

            let id = try await live.submit(price: 2.5)
            let available = try await live.send(.GET, "/v1/jobs/available?miner_id=m1", headers: miner)
            #expect(available.status == 200 && available.json["job_id"]?.stringValue == id)
            #expect(available.json["status"] == "pending")

            let claim = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": "m1"])
            #expect(claim.status == 200)
            #expect(claim.json["status"] == "running" && claim.json["miner_id"] == "m1")
            #expect(claim.json["lease_token"] == 1)

            let done = try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: miner,
                                           json: ["miner_id": "m1", "result": "4", "completed_at": "2026-01-01T00:00:00Z"])
            #expect(done.status == 200)
            let receipt = try done.decode(Receipt.self)
            #expect(receipt.jobID == id && receipt.provider == "m1" && receipt.client == live.clientID)
            #expect(receipt.price == 2.5 && receipt.resultHash == ResultDigest.of("4"))
            #expect(receipt.signature.alg == "Ed25519")

            let keys = try await live.send(.GET, "/v1/keys")
            let keyID = try #require(keys.json["keys"]?[0]?["key_id"]?.stringValue)
            #expect(receipt.verify(with: try Ed25519PublicKey(keyID: keyID)))
            var tampered = receipt
            tampered.price = 3
            #expect(!tampered.verify(with: try Ed25519PublicKey(keyID: keyID)))

            let again = try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: miner, json: ["miner_id": "m1", "result": "5"])
            #expect(again.status == 409)
            let receipts = try await live.send(.GET, "/v1/receipts")
            #expect(receipts.json.arrayCount == 1)
        }
    }

    @Test func registrationRules() async throws {
        try await LiveCoordinator.serving { live in
            let miner = try await live.registerMiner("m1")

            let squat = try await live.send(.POST, "/v1/miners/register", json: ["miner_id": "m1", "capabilities": ["x"]])
            #expect(squat.status == 409 && squat.errorCode == "miner_exists")
            let wrongKey = try await live.send(.POST, "/v1/miners/register", headers: ["X-Api-Key": APIKey.generate().text],
                                               json: ["miner_id": "m1", "capabilities": ["x"]])
            #expect(wrongKey.status == 401)
            let again = try await live.send(.POST, "/v1/miners/register", headers: miner,
                                            json: ["miner_id": "m1", "capabilities": ["llama3.2", "whisper"]])
            #expect(again.status == 200 && again.json["api_key"] == nil)
            #expect(again.json["capabilities"] == ["llama3.2", "whisper"])

            let noCapabilities = try await live.send(.POST, "/v1/miners/register", json: ["miner_id": "m2"])
            #expect(noCapabilities.status == 400 && noCapabilities.json["detail"]?.stringValue?.contains("capabilities") == true)
            let badID = try await live.send(.POST, "/v1/miners/register", json: ["miner_id": "bad id!", "capabilities": []])
            #expect(badID.status == 400)
            let malformed = try await live.send(.POST, "/v1/miners/register", raw: "nope")
            #expect(malformed.status == 400)
        }
    }

    @Test func minersActOnlyAsThemselves() async throws {
        try await LiveCoordinator.serving { live in
            let m1 = try await live.registerMiner("m1")
            _ = try await live.registerMiner("m2")
            let id = try await live.submit()

            let impersonate = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: m1, json: ["miner_id": "m2"])
            #expect(impersonate.status == 403 && impersonate.errorCode == "miner_mismatch")
            let keyOnly = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: ["X-Api-Key": m1["X-Api-Key"]!],
                                              json: ["miner_id": "m2"])
            #expect(keyOnly.status == 401 && keyOnly.errorCode == "invalid_api_key")
            let noKey = try await live.send(.POST, "/v1/jobs/\(id)/claim", json: ["miner_id": "m1"])
            #expect(noKey.status == 401)
            let unknown = try await live.send(.GET, "/v1/jobs/available?miner_id=ghost", headers: ["X-Api-Key": m1["X-Api-Key"]!])
            #expect(unknown.status == 404 && unknown.errorCode == "miner_not_found")
            let noMiner = try await live.send(.GET, "/v1/jobs/available", headers: m1)
            #expect(noMiner.status == 422)
            let missingJob = try await live.send(.POST, "/v1/jobs/job_nope/claim", headers: m1, json: ["miner_id": "m1"])
            #expect(missingJob.status == 404)
            let noMinerField = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: m1, json: [:])
            #expect(noMinerField.status == 422 && noMinerField.json["detail"]?.stringValue?.contains("miner_id") == true)
            let noResult = try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: m1, json: ["miner_id": "m1"])
            #expect(noResult.status == 422)
        }
    }

    @Test func claimingAClaimedJobIs409() async throws {
        try await LiveCoordinator.serving { live in
            let m1 = try await live.registerMiner("m1")
            let m2 = try await live.registerMiner("m2")
            let id = try await live.submit()
            #expect(try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: m1, json: ["miner_id": "m1"]).status == 200)
            let second = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: m2, json: ["miner_id": "m2"])
            #expect(second.status == 409 && second.errorCode == "job_already_claimed")
            let otherCompletes = try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: m2, json: ["miner_id": "m2", "result": "x"])
            #expect(otherCompletes.status == 409 && otherCompletes.errorCode == "lease_not_held")
        }
    }

    @Test func minersOnlySeeModelsTheyServe() async throws {
        try await LiveCoordinator.serving { live in
            let miner = try await live.registerMiner("m1", capabilities: ["whisper"])
            let id = try await live.submit(model: "llama3.2")
            let available = try await live.send(.GET, "/v1/jobs/available?miner_id=m1", headers: miner)
            #expect(String(decoding: available.body, as: UTF8.self) == "null")
            let claim = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": "m1"])
            #expect(claim.status == 409 && claim.errorCode == "model_not_served")
        }
    }
}
