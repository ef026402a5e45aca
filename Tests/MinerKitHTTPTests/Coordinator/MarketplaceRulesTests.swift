import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// The marketplace's rules as the seeds give them: GPU-matched listings with every field, 400 for the
/// inputs the specs list as 400, Bearer keys, and a useful answer to a client key on a miner route.
@Suite struct MarketplaceRulesTests {
    /// Lists a marketplace miner and sends its first heartbeat; returns its id and key.
    private func listed(_ live: LiveCoordinator, gpu: String, count: Int) async throws -> (id: String, key: String) {
        let reply = try await live.send(.POST, "/v1/miners", json: [
            "name": .string("\(gpu)x\(count)"), "gpu_type": .string(gpu), "gpu_count": .number(Double(count)),
        ])
        let id = try #require(reply.json["miner_id"]?.stringValue)
        let key = try #require(reply.json["api_key"]?.stringValue)
        #expect(try await live.send(.POST, "/v1/miners/\(id)/heartbeat", headers: ["Authorization": "Bearer \(key)"]).status == 200)
        return (id, key)
    }

    @Test func jobsAreListedAndLeasedOnlyToMinersWhoseGPUsSatisfyThem() async throws {
        try await LiveCoordinator.serving { live in
            let small = try await listed(live, gpu: "v100", count: 1)
            let big = try await listed(live, gpu: "A100", count: 8)
            let submitted = try await live.send(.POST, "/v1/jobs", headers: live.client, json: [
                "prompt": "train", "model": "gpt2", "price": 2.5, "gpu_type": "a100", "gpu_count": 8, "estimated_time": 600,
            ])
            #expect(submitted.status == 201)
            let id = try #require(submitted.json["job_id"]?.stringValue)
            let plain = try await live.submit(price: 0.5)

            let forSmall = try await live.send(.GET, "/v1/miners/\(small.id)/jobs/available", headers: ["X-Api-Key": small.key])
            #expect(forSmall.json["jobs"]?.arrayCount == 1 && forSmall.json["jobs"]?[0]?["job_id"]?.stringValue == plain)
            #expect(forSmall.json["jobs"]?[0] == ["job_id": .string(plain), "model": "llama3.2", "gpu_type": .null,
                                                   "gpu_count": 1, "estimated_time": .null, "price": 0.5])
            let forBig = try await live.send(.GET, "/v1/miners/\(big.id)/jobs/available", headers: ["X-Api-Key": big.key])
            let listing = try #require(forBig.json["jobs"]?[1])
            #expect(listing == ["job_id": .string(id), "model": "gpt2", "gpu_type": "a100", "gpu_count": 8,
                                "estimated_time": 600, "price": 2.5])

            let refused = try await live.send(.POST, "/v1/miners/\(small.id)/jobs/\(id)/accept", headers: ["X-Api-Key": small.key])
            #expect(refused.status == 409 && refused.errorCode == "gpu_not_satisfied")
            let accepted = try await live.send(.POST, "/v1/miners/\(big.id)/jobs/\(id)/accept", headers: ["Authorization": "Bearer \(big.key)"])
            #expect(accepted.status == 200)
        }
    }

    @Test func aPollingMinerIsPassedTheJobsItsGPUsCannotRun() async throws {
        try await LiveCoordinator.serving { live in
            let (_, key) = try await live.coordinator.createMinerKey(minerID: "small")
            let miner = ["X-Api-Key": key.text]
            #expect(try await live.send(.POST, "/v1/miners/register?miner_id=small", headers: miner,
                                        json: ["capabilities": ["gpu": ["model": "NVIDIA V100", "count": 1]]]).status == 200)
            let big = try await live.send(.POST, "/v1/jobs", headers: live.client,
                                          json: ["prompt": "train", "gpu_type": "a100", "gpu_count": 8])
            let bigID = try #require(big.json["job_id"]?.stringValue)
            let plain = try await live.submit()
            let next = try await live.send(.GET, "/v1/jobs/available?miner_id=small", headers: miner)
            #expect(next.json["job_id"]?.stringValue == plain)
            let polled = try await live.send(.POST, "/v1/miners/poll", headers: miner, json: ["max_wait_seconds": 0])
            #expect(polled.status == 200 && polled.json["job_id"]?.stringValue == plain)
            let waiting = try await live.coordinator.job(id: bigID, credentials: ClientCredentials(apiKey: live.clientKey))
            #expect(waiting.state == .queued && waiting.lease == nil)
        }
    }

    @Test func invalidInputIs400WithTheErrorBody() async throws {
        try await LiveCoordinator.serving { live in
            let negative = try await live.send(.POST, "/v1/miners", json: ["name": "m", "gpu_type": "v100", "gpu_count": -1])
            #expect(negative.status == 400 && negative.errorCode == "validation_error")
            #expect(negative.json["detail"]?.stringValue?.contains("gpu_count") == true)
            let many = try await live.send(.POST, "/v1/jobs", headers: live.client,
                                           json: ["prompt": "p", "params": ["max_tokens": "many"]])
            #expect(many.status == 400 && many.json["detail"]?.stringValue?.contains("max_tokens") == true)
            let noCount = try await live.send(.POST, "/v1/jobs", headers: live.client, json: ["prompt": "p", "gpu_count": -1])
            #expect(noCount.status == 400)
            let wrongType = try await live.send(.POST, "/v1/jobs", headers: live.client, json: ["prompt": 5])
            #expect(wrongType.status == 400 && wrongType.errorCode == "validation_error")
            let badCapabilities = try await live.send(.POST, "/v1/miners/register", json: ["miner_id": "m1", "capabilities": 5])
            #expect(badCapabilities.status == 400 && badCapabilities.errorCode == "validation_error")
            let noCapabilities = try await live.send(.POST, "/v1/miners/register", json: ["miner_id": "m1"])
            #expect(noCapabilities.status == 400)

            let miner = try await live.registerMiner("m2")
            let id = try await live.submit()
            #expect(try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": "m2"]).status == 200)
            let words = try await live.send(.POST, "/v1/miners/m2/jobs/\(id)/complete", headers: miner,
                                            json: ["result_hash": .string(ResultDigest.of("x")), "metrics": ["gpu_time_seconds": "lots"]])
            #expect(words.status == 400 && words.errorCode == "invalid_metrics")
        }
    }

    @Test func aClientKeyOnAMinerRouteIsToldHowAMinerGetsItsKey() async throws {
        try await LiveCoordinator.serving { live in
            let miner = try await listed(live, gpu: "v100", count: 1)
            let reply = try await live.send(.GET, "/v1/miners/\(miner.id)/stats", headers: live.client)
            #expect(reply.status == 401 && reply.errorCode == "client_key_on_miner_route")
            #expect(reply.json["detail"]?.stringValue?.contains("minerkit keys miner create") == true)
            let bearer = try await live.send(.GET, "/v1/miners/\(miner.id)/stats", headers: ["Authorization": "Bearer \(miner.key)"])
            #expect(bearer.status == 200)
        }
    }
}
