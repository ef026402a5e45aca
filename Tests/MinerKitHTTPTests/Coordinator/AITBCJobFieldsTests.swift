import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// Jobs carry AITBC's field names beside the seed's: AITBC's client reads `state` and `requested_at`
/// (`cli/client.py status` and `demo` failed with `KeyError: 'state'`).
@Suite struct AITBCJobFieldsTests {
    @Test func aJobCarriesStateAndRequestedAtBesideTheSeedNames() async throws {
        try await LiveCoordinator.serving { live in
            let created = try await live.send(.POST, "/v1/jobs", headers: live.client, json: ["payload": ["type": "inference", "prompt": "hi"]])
            #expect(created.status == 201)
            let id = try #require(created.json["job_id"]?.stringValue)
            let queued = try await live.send(.GET, "/v1/jobs/\(id)", headers: live.client).json
            #expect(queued["status"] == "pending" && queued["state"] == "QUEUED")
            #expect(queued["requested_at"] != nil && queued["requested_at"] == queued["created_at"])
            #expect(queued["assigned_miner_id"] == nil)

            let cancelled = try await live.send(.POST, "/v1/jobs/\(id)/cancel", headers: live.client).json
            #expect(cancelled["status"] == "cancelled" && cancelled["state"] == "CANCELED")
            let listed = try await live.send(.GET, "/v1/jobs", headers: live.client).json
            #expect(listed[0]?["state"] == "CANCELED")
        }
    }
}
