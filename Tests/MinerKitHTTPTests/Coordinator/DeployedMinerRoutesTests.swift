import Foundation
import MinerKit
import MinerKitHTTP
import MinerKitTesting
import Testing

@Suite struct DeployedMinerRoutesTests {
    /// Registers a deployed miner provisioned with its own key (the deployed-miner body).
    private func deployed(_ live: LiveCoordinator, _ id: String) async throws -> [String: String] {
        let headers = ["X-Miner-ID": id, "X-Api-Key": APIKey.generate().text]
        let reply = try await live.send(.POST, "/v1/miners/register", headers: headers,
                                        json: ["capabilities": ["llama3.2"], "concurrency": 2, "region": "eu-west"])
        #expect(reply.status == 201)
        #expect(reply.json["miner_id"]?.stringValue == id && reply.json["api_key"] == nil)
        return headers
    }

    @Test func heartbeatPollResult() async throws {
        try await LiveCoordinator.serving { live in
            let miner = try await deployed(live, "edge-1")

            let beat = try await live.send(.POST, "/v1/miners/heartbeat", headers: miner,
                                           json: ["inflight": 0, "status": "idle", "metadata": ["version": "1"]])
            #expect(beat.status == 200 && beat.json["status"] == "ok")
            let empty = try await live.send(.POST, "/v1/miners/poll", headers: miner, json: ["max_wait_seconds": 0])
            #expect(empty.status == 204 && empty.body.isEmpty)

            let id = try await live.submit(prompt: "2+2")
            let polled = try await live.send(.POST, "/v1/miners/poll", headers: miner, json: ["max_wait_seconds": 0])
            #expect(polled.status == 200)
            #expect(polled.json["job_id"]?.stringValue == id)
            #expect(polled.json["payload"]?["prompt"] == "2+2")
            #expect(polled.json["constraints"]?["lease_token"] == 1)

            let result = try await live.send(.POST, "/v1/miners/\(id)/result", headers: miner,
                                             json: ["result": ["text": "4"], "metrics": ["execution_time_seconds": 1.5],
                                                    "lease_token": 1])
            #expect(result.status == 200 && result.json["status"] == "completed")
            let receipt = try JSONDecoder().decode(Receipt.self, from: try JSONEncoder().encode(result.json["receipt"]))
            #expect(receipt.verify(with: live.coordinator.publicKey) && receipt.units == 1.5)
            #expect(receipt.resultHash == ResultDigest.of(#"{"text":"4"}"#))
        }
    }

    /// `inflight` is a count (422 outside 0...2^31 - 1), and a `?miner_id=` sent with `X-Miner-ID` must
    /// name the same miner (403); an empty one is absent.
    @Test func heartbeatRefusesABadCountAndADisagreeingQueryID() async throws {
        try await LiveCoordinator.serving { live in
            let miner = try await deployed(live, "edge-1")
            for inflight: JSONValue in [-1, .number(Double(Int32.max) + 1)] {
                let bad = try await live.send(.POST, "/v1/miners/heartbeat", headers: miner, json: ["inflight": inflight])
                #expect(bad.status == 422 && bad.errorCode == "validation_error")
            }
            let other = try await live.send(.POST, "/v1/miners/heartbeat?miner_id=edge-2", headers: miner)
            #expect(other.status == 403 && other.errorCode == "miner_mismatch")
            let same = try await live.send(.POST, "/v1/miners/heartbeat?miner_id=edge-1", headers: miner)
            #expect(same.status == 200)
            let empty = try await live.send(.POST, "/v1/miners/heartbeat?miner_id=", headers: miner)
            #expect(empty.status == 200)
        }
    }

    @Test func longPollWakesWhenAJobArrives() async throws {
        try await LiveCoordinator.serving { live in
            let miner = try await deployed(live, "edge-1")
            let started = ContinuousClock.now
            async let polled = live.send(.POST, "/v1/miners/poll", headers: miner, json: ["max_wait_seconds": 20])
            try await waitUntil("the poll waits for work") { live.waitingPolls == 1 }
            let id = try await live.submit()
            let reply = try await polled
            #expect(reply.status == 200 && reply.json["job_id"]?.stringValue == id)
            #expect(ContinuousClock.now - started < .seconds(15))
        }
    }

    @Test func longPollIsBounded() async throws {
        try await LiveCoordinator.serving(configuration: .init(rateLimits: .off, maxLongPoll: 0.3)) { live in
            let miner = try await deployed(live, "edge-1")
            let reply = try await live.send(.POST, "/v1/miners/poll", headers: miner, json: ["max_wait_seconds": 600])
            #expect(reply.status == 204)
        }
    }

    @Test func failReportsAndErrors() async throws {
        try await LiveCoordinator.serving { live in
            let miner = try await deployed(live, "edge-1")
            let id = try await live.submit()
            #expect(try await live.send(.POST, "/v1/miners/poll", headers: miner).status == 200)
            let failed = try await live.send(.POST, "/v1/miners/\(id)/fail", headers: miner, json: ["reason": "out of memory"])
            #expect(failed.status == 200 && failed.json["status"] == "failed")
            let job = try await live.send(.GET, "/v1/jobs/\(id)", headers: live.client)
            #expect(job.json["error"] == "out of memory")
            let late = try await live.send(.POST, "/v1/miners/\(id)/result", headers: miner, json: ["result": "x"])
            #expect(late.status == 409)

            // The key alone finds its miner (AITBC's miner names none); a key nobody holds does not.
            let noID = try await live.send(.POST, "/v1/miners/heartbeat", headers: ["X-Api-Key": miner["X-Api-Key"]!])
            #expect(noID.status == 200)
            let stranger = try await live.send(.POST, "/v1/miners/heartbeat", headers: ["X-Api-Key": APIKey.generate().text])
            #expect(stranger.status == 401 && stranger.errorCode == "invalid_api_key")
            let negative = try await live.send(.POST, "/v1/miners/poll", headers: miner, json: ["max_wait_seconds": -1])
            #expect(negative.status == 422)
            let noResult = try await live.send(.POST, "/v1/miners/\(id)/result", headers: miner, json: ["metrics": [:]])
            #expect(noResult.status == 422)
            let ghost = try await live.send(.POST, "/v1/miners/job_nope/result", headers: miner, json: ["result": "x"])
            #expect(ghost.status == 404)
        }
    }

    @Test func retryableFailureRequeuesTheJob() async throws {
        try await LiveCoordinator.serving { live in
            let miner = try await deployed(live, "edge-1")
            let id = try await live.submit()
            #expect(try await live.send(.POST, "/v1/miners/poll", headers: miner).status == 200)
            let failed = try await live.send(.POST, "/v1/miners/\(id)/fail", headers: miner, json: ["error": "gpu reset", "retryable": true])
            #expect(failed.json["status"] == "pending")
            let again = try await live.send(.POST, "/v1/miners/poll", headers: miner)
            #expect(again.json["job_id"]?.stringValue == id && again.json["constraints"]?["lease_token"] == 2)
        }
    }
}
