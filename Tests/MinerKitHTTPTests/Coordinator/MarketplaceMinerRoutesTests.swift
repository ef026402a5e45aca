import Foundation
import MinerKit
import MinerKitHTTP
import Testing

@Suite struct MarketplaceMinerRoutesTests {
    @Test func listHeartbeatAcceptCompleteStats() async throws {
        try await LiveCoordinator.serving { live in
            let listed = try await live.send(.POST, "/v1/miners", json: [
                "name": "my-miner", "gpu_type": "v100", "gpu_count": 1, "location": "us-east",
                "price_per_hour": 0.05, "max_concurrent": 4,
            ])
            #expect(listed.status == 201)
            #expect(listed.json["status"] == "pending")
            let minerID = try #require(listed.json["miner_id"]?.stringValue)
            let key = try #require(listed.json["api_key"]?.stringValue)
            let headers = ["X-Api-Key": key]
            let base = "/v1/miners/\(minerID)"

            let id = try await live.submit(price: 0.5)
            let early = try await live.send(.POST, "\(base)/jobs/\(id)/accept", headers: headers)
            #expect(early.status == 409 && early.errorCode == "miner_not_active")

            let beat = try await live.send(.POST, "\(base)/heartbeat", headers: headers)
            #expect(beat.status == 200)
            #expect(beat.json == ["status": "ok", "jobs_assigned": 0, "queue_length": 1])

            let available = try await live.send(.GET, "\(base)/jobs/available", headers: headers)
            #expect(available.json["jobs"]?[0]?["job_id"]?.stringValue == id)
            #expect(available.json["jobs"]?[0]?["price"] == 0.5)

            let accepted = try await live.send(.POST, "\(base)/jobs/\(id)/accept", headers: headers)
            #expect(accepted.status == 200 && accepted.json["status"] == "running")
            let beat2 = try await live.send(.POST, "\(base)/heartbeat", headers: headers)
            #expect(beat2.json["jobs_assigned"] == 1 && beat2.json["queue_length"] == 0)

            let badHash = try await live.send(.POST, "\(base)/jobs/\(id)/complete", headers: headers,
                                              json: ["result_hash": "sha256:abc", "metrics": [:]])
            #expect(badHash.status == 422)
            let hash = ResultDigest.of("the result")
            let done = try await live.send(.POST, "\(base)/jobs/\(id)/complete", headers: headers, json: [
                "result_hash": .string(hash), "metrics": ["execution_time_seconds": 600, "gpu_time_seconds": 600],
            ])
            #expect(done.status == 200)
            let receipt = try done.decode(Receipt.self)
            #expect(receipt.resultHash == hash && receipt.units == 600 && receipt.unitType == "gpu_seconds")
            #expect(receipt.verify(with: live.coordinator.publicKey))

            let stats = try await live.send(.GET, "\(base)/stats", headers: headers)
            #expect(stats.json["total_jobs"] == 1 && stats.json["success_rate"] == 1 && stats.json["earnings"] == 0.5)
            #expect(stats.json["earnings_per_gpu_hour"] == 3)
            #expect(stats.json["average_completion_time"] != nil)

            let updated = try await live.send(.PUT, base, headers: headers, json: ["price_per_hour": 0.07, "max_concurrent": 2])
            #expect(updated.status == 200)
            #expect(updated.json["max_concurrent"] == 2 && updated.json["attributes"]?["price_per_hour"] == 0.07)
            #expect(updated.json["attributes"]?["gpu_type"] == "v100")
            #expect(updated.json["api_key_hash"] == nil)
        }
    }

    @Test func documentedErrors() async throws {
        try await LiveCoordinator.serving { live in
            let noName = try await live.send(.POST, "/v1/miners", json: ["gpu_type": "v100"])
            #expect(noName.status == 422)
            let wrongType = try await live.send(.POST, "/v1/miners", json: ["name": "x", "gpu_count": "one"])
            #expect(wrongType.status == 422 && wrongType.json["detail"]?.stringValue?.contains("gpu_count") == true)
            let m1 = try await live.registerMiner("m1")
            _ = try await live.registerMiner("m2")
            let other = try await live.send(.GET, "/v1/miners/m2/stats", headers: ["X-Api-Key": m1["X-Api-Key"]!])
            #expect(other.status == 401)
            let mismatch = try await live.send(.GET, "/v1/miners/m2/stats", headers: m1)
            #expect(mismatch.status == 403)
            let ghost = try await live.send(.POST, "/v1/miners/ghost/heartbeat", headers: ["X-Api-Key": m1["X-Api-Key"]!])
            #expect(ghost.status == 404)
            let missingJob = try await live.send(.POST, "/v1/miners/m1/jobs/job_nope/accept", headers: m1)
            #expect(missingJob.status == 404)
            let tooMany = try await live.send(.PUT, "/v1/miners/m1", headers: m1, json: ["max_concurrent": 0])
            #expect(tooMany.status == 422)
            let wrongMethod = try await live.send(.DELETE, "/v1/miners/m1", headers: m1)
            #expect(wrongMethod.status == 405)
        }
    }
}
