import Foundation
import Logging
import MinerKit
import MinerKitHTTP
import Synchronization
import Testing

@Suite("One log line per request, without secrets")
struct RequestLogTests {
    @Test func eachRequestIsOneLineWithRouteStatusAndWhoButNoSecret() async throws {
        let captured = CapturedLines()
        // The client key first, then every other secret the requests carried.
        let secrets = try await LiveCoordinator.serving(logger: captured.logger()) { live in
            let miner = try await live.registerMiner("m1")
            let id = try await live.submit()
            #expect(try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": "m1"]).status == 200)
            let wrongKey = APIKey.generate().text
            #expect(try await live.send(.GET, "/v1/jobs", headers: ["X-Api-Key": wrongKey]).status == 401)
            let signature = String(repeating: "ab", count: 64)
            let signed = try await live.send(.GET, "/v1/jobs/available?miner_id=m1",
                                             headers: ["X-Key": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                                                       "X-Timestamp": "1", "X-Signature": signature])
            #expect(signed.status == 401)
            return [live.clientKey, miner["X-Api-Key"]!, wrongKey, signature, id]
        }

        let lines = captured.all.filter { $0.contains(" request ") }
        #expect(lines.count == 5, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("route=/v1/jobs/{job_id}/claim") && $0.contains("status=200") && $0.contains("miner_id=m1") })
        let fingerprint = String(try APIKey(secrets[0]).hash.prefix(12))
        #expect(lines.contains { $0.contains("route=/v1/jobs") && $0.contains("status=201") && $0.contains("client_key=\(fingerprint)") })
        #expect(lines.contains { $0.contains("status=401") && $0.contains("method=GET") })
        #expect(lines.allSatisfy { $0.contains("hb.request.id=") && $0.contains("duration_ms=") })
        for secret in secrets {
            #expect(!captured.all.contains { $0.contains(secret) }, "a log line holds \(secret.prefix(8))…")
        }
    }
}
