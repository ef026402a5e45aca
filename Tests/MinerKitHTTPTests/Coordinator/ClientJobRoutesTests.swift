import Foundation
import MinerKit
import MinerKitHTTP
import Testing

@Suite struct ClientJobRoutesTests {
    @Test func submitGetListAndCancel() async throws {
        try await LiveCoordinator.serving { live in
            let created = try await live.send(.POST, "/v1/jobs", headers: live.client,
                                              json: ["prompt": "hi", "params": ["max_tokens": 8]])
            #expect(created.status == 201)
            let job = created.json
            let id = try #require(job["job_id"]?.stringValue)
            #expect(job["status"] == "pending")
            #expect(job["model"] == "llama3.2")
            #expect(job["prompt"] == "hi")
            #expect(job["params"]?["max_tokens"] == 8)
            #expect(job["params"]?["temperature"] == 0.7)
            #expect(job["created_at"]?.stringValue != nil)

            let fetched = try await live.send(.GET, "/v1/jobs/\(id)", headers: live.client)
            #expect(fetched.status == 200 && fetched.json["job_id"]?.stringValue == id)

            _ = try await live.submit(prompt: "second")
            let listed = try await live.send(.GET, "/v1/jobs?status=pending&limit=1", headers: live.client)
            #expect(listed.status == 200)
            #expect(listed.json == .array([try #require(listed.json[0])]))
            let page2 = try await live.send(.GET, "/v1/jobs?limit=1&offset=1", headers: live.client)
            #expect(page2.json[0]?["job_id"]?.stringValue == id)

            let cancelled = try await live.send(.POST, "/v1/jobs/\(id)/cancel", headers: live.client)
            #expect(cancelled.status == 200 && cancelled.json["status"] == "cancelled")
            let onlyCancelled = try await live.send(.GET, "/v1/jobs?status=cancelled", headers: live.client)
            #expect(onlyCancelled.json.arrayCount == 1)
        }
    }

    @Test func payloadJobsKeepTheirPayload() async throws {
        try await LiveCoordinator.serving { live in
            let created = try await live.send(.POST, "/v1/jobs", headers: live.client,
                                              json: ["payload": ["model": "whisper", "audio_b64": "AAAA"]])
            #expect(created.status == 201)
            #expect(created.json["model"] == "whisper")
            #expect(created.json["params"]?["payload"]?["audio_b64"] == "AAAA")
        }
    }

    @Test func documentedErrors() async throws {
        try await LiveCoordinator.serving(maxBodyBytes: 4096) { live in
            let noKey = try await live.send(.POST, "/v1/jobs", json: ["prompt": "x"])
            #expect(noKey.status == 401 && noKey.errorCode == "missing_api_key")
            let badKey = try await live.send(.POST, "/v1/jobs", headers: ["X-Api-Key": APIKey.generate().text], json: ["prompt": "x"])
            #expect(badKey.status == 401 && badKey.errorCode == "invalid_api_key")
            let malformed = try await live.send(.POST, "/v1/jobs", headers: live.client, raw: "{\"prompt\":")
            #expect(malformed.status == 400 && malformed.errorCode == "invalid_json")
            let noPrompt = try await live.send(.POST, "/v1/jobs", headers: live.client, json: ["model": "m"])
            // The spec lists 400 for invalid input here.
            #expect(noPrompt.status == 400 && noPrompt.errorCode == "validation_error")
            #expect(noPrompt.json["detail"]?.stringValue?.contains("'prompt'") == true)
            let wrongType = try await live.send(.POST, "/v1/jobs", headers: live.client, json: ["prompt": 5])
            #expect(wrongType.status == 400 && wrongType.json["detail"]?.stringValue?.contains("'prompt'") == true)
            let huge = try await live.send(.POST, "/v1/jobs", headers: live.client,
                                           json: ["prompt": .string(String(repeating: "x", count: 5000))])
            #expect(huge.status == 413 && huge.errorCode == "payload_too_large")
            let badStatus = try await live.send(.GET, "/v1/jobs?status=done", headers: live.client)
            #expect(badStatus.status == 422)
            let badLimit = try await live.send(.GET, "/v1/jobs?limit=101", headers: live.client)
            #expect(badLimit.status == 422)
            let missing = try await live.send(.GET, "/v1/jobs/job_nope", headers: live.client)
            #expect(missing.status == 404 && missing.errorCode == "job_not_found")
            let cancelMissing = try await live.send(.POST, "/v1/jobs/job_nope/cancel", headers: live.client)
            #expect(cancelMissing.status == 404)
        }
    }

    @Test func anotherClientsJobIsNotFound() async throws {
        try await LiveCoordinator.serving { live in
            let id = try await live.submit()
            let (_, other) = try await live.coordinator.createClientKey(name: "other")
            let reply = try await live.send(.GET, "/v1/jobs/\(id)", headers: ["X-Api-Key": other.text])
            #expect(reply.status == 404)
            let list = try await live.send(.GET, "/v1/jobs", headers: ["X-Api-Key": other.text])
            #expect(list.json == .array([]))
        }
    }

    @Test func cancellingACompletedJobIs409() async throws {
        try await LiveCoordinator.serving { live in
            let miner = try await live.registerMiner("m1")
            let id = try await live.submit()
            #expect(try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": "m1"]).status == 200)
            #expect(try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: miner,
                                        json: ["miner_id": "m1", "result": "done"]).status == 200)
            let cancel = try await live.send(.POST, "/v1/jobs/\(id)/cancel", headers: live.client)
            #expect(cancel.status == 409 && cancel.errorCode == "job_completed")
            let job = try await live.send(.GET, "/v1/jobs/\(id)", headers: live.client)
            #expect(job.json["status"] == "completed" && job.json["result"] == "done")
            #expect(job.json["completed_at"]?.stringValue != nil)
        }
    }
}

extension JSONValue {
    /// Element `index` of an array.
    subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    /// Number of elements of an array (0 otherwise).
    var arrayCount: Int { if case .array(let items) = self { return items.count }; return 0 }
}
