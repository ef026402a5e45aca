import Foundation
import Hummingbird
import HummingbirdTesting
import MinerKit
import MinerKitHTTP
import Testing

@Suite("Pool routes")
struct PoolRoutesTests {
    let miner = SR25519KeyPair.generate()

    private func post(_ client: any TestClientProtocol, _ signer: PoolSigner, _ path: String,
                      _ body: String = "") async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: signer.headers(miner), body: ByteBuffer(string: body))
    }

    @Test func publicEndpointsNeedNoSignatureAndMinerEndpointsDo() async throws {
        let fixture = try await PoolHTTPFixture()
        let app = APIServer.application(router: fixture.router)
        try await app.test(.router) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            let body = try health.json()
            #expect(body["status"] as? String == "ok")
            #expect(body["window_number"] as? Int == 1_700_000_000 / 3600)
            #expect(body["current_block"] as? Int == 1_700_000_000 / 12)
            #expect((body["time_remaining_s"] as? Double).map { $0 > 0 && $0 <= 3600 } == true)

            #expect(try await client.execute(uri: "/api/v1/miners/leaderboard?limit=5", method: .get).status == .ok)
            let sota = try await client.execute(uri: "/api/v1/results/sota?task_type=cifar10_binary", method: .get)
            #expect(sota.status == .ok)
            #expect(try sota.json()["task_type"] as? String == "cifar10_binary")

            for (method, path) in [(HTTPRequest.Method.get, "/api/v1/miners/stats"), (.get, "/api/v1/results"),
                                   (.post, "/api/v1/tasks/lease"), (.get, "/api/v1/tasks/pending_evaluations")] {
                let refused = try await client.execute(uri: path, method: method)
                #expect(refused.status == .unauthorized)
                #expect(try refused.json()["error_code"] as? String == "auth_missing_header")
            }
        }
    }

    @Test func leaseRefusalsAreStable4xxAndExpiryFreesTheMiner() async throws {
        let clock = ManualTimeSource(start: Date(timeIntervalSince1970: 1_700_000_000))
        let fixture = try await PoolHTTPFixture(clock: clock)
        let app = APIServer.application(router: fixture.router)
        let signer = fixture.signer
        try await app.test(.router) { client in
            let small = try await post(client, signer, "/api/v1/tasks/lease", #"{"eval_batch_size": 1}"#)
            #expect(small.status == .unprocessableContent)
            #expect(try small.json()["error_code"] as? String == "invalid_eval_batch_size")

            let lease = try await post(client, signer, "/api/v1/tasks/lease")
            #expect(lease.status == .ok)
            let body = try lease.json()
            let leaseID = try #require(body["lease_id"] as? String)
            #expect((body["evaluate_algorithms"] as? [Any])?.count == 3)
            #expect(body["timeout_at"] as? String == "2023-11-14T22:23:20Z")
            #expect((body["gossip"] as? [String: Any])?["task_type"] as? String == "cifar10_binary")

            let second = try await post(client, signer, "/api/v1/tasks/lease", #"{"task_type":"cifar10_binary"}"#)
            #expect(second.status == .badRequest)
            #expect(try second.json()["detail"] as? String == "Miner already has active task")

            clock.advance(by: 601)
            let late = try await post(client, signer, "/api/v1/tasks/\(leaseID)/submit_lease", #"{"evaluations":[],"evolutions":[],"gossip":null}"#)
            #expect(late.status == .notFound)
            #expect(try late.json()["detail"] as? String == "Active lease assignment not found")
            #expect(try await post(client, signer, "/api/v1/tasks/lease").status == .ok)

            let batch = try await post(client, signer, "/api/v1/tasks/request", #"{"task_type":"evaluate"}"#)
            #expect(batch.status == .badRequest)
            let unknownKind = try await post(client, signer, "/api/v1/tasks/request", #"{"task_type":"sleep"}"#)
            #expect(unknownKind.status == .unprocessableContent)
            #expect(try unknownKind.json()["error_code"] as? String == "invalid_batch_task_type")
            let leaseKind = try await post(client, signer, "/api/v1/tasks/request", #"{"task_type":"lease"}"#)
            #expect(leaseKind.status == .unprocessableContent)
            #expect(try leaseKind.json()["error_code"] as? String == "invalid_batch_task_type")
            let malformed = try await post(client, signer, "/api/v1/tasks/x/submit_lease", #"{"evaluations": 3}"#)
            #expect(malformed.status == .unprocessableContent)
            let verify = try await post(client, signer, "/api/v1/results/verify/seed-cifar10-mlp")
            #expect(verify.status == .conflict)
        }
    }

    @Test func batchAPIEvolveAndEvaluate() async throws {
        let fixture = try await PoolHTTPFixture()
        let app = APIServer.application(router: fixture.router)
        let signer = fixture.signer
        try await app.test(.router) { client in
            let none = try await post(client, signer, "/api/v1/tasks/request", #"{"task_type":"evaluate"}"#)
            #expect(none.status == .notFound)
            let evolve = try await post(client, signer, "/api/v1/tasks/request", #"{"task_type":"evolve"}"#)
            #expect(evolve.status == .ok)
            let batch = try evolve.json()
            let batchID = try #require(batch["batch_id"] as? String)
            #expect(batch["task_type"] as? String == "evolve")
            let parents = (batch["algorithms"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let submission = #"{"evolved_function":"model http","parent_functions":[{"id":"\#(parents[0])"}],"signature":"ignored"}"#
            let submitted = try await post(client, signer, "/api/v1/tasks/\(batchID)/submit_evolution", submission)
            #expect(submitted.status == .ok)
            #expect((try submitted.json()["algorithm_ids"] as? [String])?.count == 1)
            let wrongKind = try await post(client, signer, "/api/v1/tasks/\(batchID)/submit_evaluation", #"{"evaluations":[]}"#)
            #expect(wrongKind.status == .notFound)

            let pending = try await client.execute(uri: "/api/v1/tasks/pending_evaluations", method: .get,
                                                   headers: signer.headers(SR25519KeyPair.generate()))
            #expect(try pending.json()["has_pending_evaluations"] as? Bool == true)
        }
    }

    @Test func monitorSummaryNeedsTheTokenWhenOneIsSet() async throws {
        let fixture = try await PoolHTTPFixture(monitorToken: "s3cret")
        let app = APIServer.application(router: fixture.router)
        try await app.test(.router) { client in
            let refused = try await client.execute(uri: "/api/v1/monitor/summary", method: .get)
            #expect(refused.status == .unauthorized)
            #expect(try refused.json()["error_code"] as? String == "monitor_unauthorized")
            let wrong = try await client.execute(uri: "/api/v1/monitor/summary", method: .get,
                                                 headers: [HTTPFields.Element.Name("X-Monitor-Token")!: "nope"])
            #expect(wrong.status == .unauthorized)
            let allowed = try await client.execute(uri: "/api/v1/monitor/summary", method: .get,
                                                   headers: [.authorization: "Bearer s3cret"])
            #expect(allowed.status == .ok)
            let body = try allowed.json()
            for key in ["miners", "leases", "consensus", "throughput", "sota", "window_number"] {
                #expect(body[key] != nil, "missing \(key)")
            }
        }
    }
}
