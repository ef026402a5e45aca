import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// A request body whose object repeats a key is refused over HTTP with 400 `duplicate_key` naming the key,
/// on routes read by MinerKit's parser (`POST /v1/jobs`) and by `JSONDecoder` (`POST /v1/miners/heartbeat`).
@Suite struct DuplicateKeyBodyTests {
    @Test func aRepeatedKeyInARequestBodyIsA400NamingIt() async throws {
        try await LiveCoordinator.serving { live in
            let job = try await live.send(.POST, "/v1/jobs", headers: live.client,
                                          raw: #"{"prompt":"hi","params":{"max_tokens":8,"max_tokens":9000}}"#)
            #expect(job.status == 400 && job.errorCode == "duplicate_key", "\(String(decoding: job.body, as: UTF8.self))")
            let detail = job.json["detail"]?.stringValue ?? ""
            #expect(detail.contains("\"max_tokens\"") && detail.contains("$.params"), "\(detail)")

            let miner = try await live.registerMiner("m1")
            let heartbeat = try await live.send(.POST, "/v1/miners/heartbeat", headers: miner,
                                                raw: #"{"inflight":1,"status":"ONLINE","inflight":0}"#)
            #expect(heartbeat.status == 400 && heartbeat.errorCode == "duplicate_key")
            #expect(heartbeat.json["detail"]?.stringValue?.contains("\"inflight\"") == true)

            // The same bodies without the repeat are served; nothing was stored for the refused one.
            let accepted = try await live.send(.POST, "/v1/jobs", headers: live.client, raw: #"{"prompt":"hi","params":{"max_tokens":8}}"#)
            #expect(accepted.status == 201)
            let listed = try await live.send(.GET, "/v1/jobs", headers: live.client)
            #expect(listed.json.arrayCount == 1)
            let beat = try await live.send(.POST, "/v1/miners/heartbeat", headers: miner, raw: #"{"inflight":0,"status":"ONLINE"}"#)
            #expect(beat.status == 200)
        }
    }
}
