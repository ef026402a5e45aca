import Foundation
import MinerKit
import MinerKitHTTP
import MinerKitTesting
import Testing

/// Whether the AITBC client can run: `python3` is here, or this is CI (where it must run, not skip).
private let pythonOrCI = PythonProcess.canImport("json") || ProcessInfo.processInfo.environment["CI"] != nil

@Suite("AITBC's stand-alone miner requests, unchanged")
struct AITBCMinerClientTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("PythonClients/aitbc_miner_client.py").path

    @Test(.enabled(if: pythonOrCI, "python3 is not installed"), .timeLimit(.minutes(3)))
    func registerPollHeartbeatResultAndReceipt() async throws {
        // The empty poll is answered `longPollMargin` before the client's 5 s timeout; this suite runs
        // beside CPU-bound tests on two cores, so the margin here is wider than the 0.5 s default.
        try await LiveCoordinator.serving(configuration: .init(rateLimits: .off, longPollMargin: 3)) { live in
            let (_, minerKey) = try await live.coordinator.createMinerKey(minerID: "cli-miner")
            let outcome = try await PythonProcess.run([Self.script, live.server.baseURL, minerKey.text, live.clientKey])
            try #require(outcome.status == 0, "client failed: \(outcome.errors.suffix(2000))")
            let steps = try JSONDecoder().decode(JSONValue.self, from: outcome.output)
            func status(_ step: String) -> Int? { steps[step]?["status"]?.doubleValue.map { Int($0) } }
            if case .object(let outcomes) = steps {
                for (step, outcome) in outcomes { if let failure = outcome["status"]?.stringValue { Issue.record("\(step): \(failure)") } }
            }
            func body(_ step: String) -> JSONValue? { steps[step]?["body"] }

            #expect(status("register") == 200, "\(String(describing: steps["register"]))")
            #expect(status("empty_poll") == 204, "answered before the client's 5 s timeout")
            #expect(status("heartbeat") == 200)
            #expect(status("submit") == 201)
            #expect(status("poll") == 200)
            let jobID = try #require(body("poll")?["job_id"]?.stringValue)
            #expect(body("poll")?["payload"]?["type"] == "inference")
            #expect(status("result") == 200, "\(String(describing: steps["result"]))")
            #expect(body("result")?["receipt"]?["units"] == 2.0, "compute_time is billed")
            #expect(status("receipt") == 200)
            #expect(body("receipt")?["job_id"]?.stringValue == jobID)
            #expect(body("receipt")?["provider"] == "cli-miner")
            #expect(body("receipt")?["units"] == 2.0)
            #expect(status("client_key_on_miner_route") == 401)
            #expect(body("client_key_on_miner_route")?["error_code"] == "client_key_on_miner_route")
            #expect(body("client_key_on_miner_route")?["detail"]?.stringValue?.contains("keys miner create") == true)

            let miner = try await live.coordinator.store.read { db in try await db.miner(id: "cli-miner") }
            #expect(miner?.status == .active && miner?.capabilities == [])
            #expect(MinerGPUs(try #require(miner)).model == "RTX 4060 Ti")
        }
    }

    /// A job longer than several heartbeat timeouts, mined with AITBC's requests: the miner sends nothing
    /// while it works (AITBC's production miner), then heartbeats `inflight: 0` (AITBC's CLI) and sends
    /// its result. The polled lease is held until its bound (`maxJobSeconds`), so the job completes once.
    @Test(.enabled(if: pythonOrCI, "python3 is not installed"), .timeLimit(.minutes(5)))
    func aJobLongerThanTheHeartbeatTimeoutCompletesWithOneReceipt() async throws {
        let configuration = CoordinatorConfiguration(heartbeatTimeout: 2, rateLimits: .off, longPollMargin: 3, maxJobSeconds: 30)
        try await LiveCoordinator.serving(configuration: configuration) { live in
            let (_, minerKey) = try await live.coordinator.createMinerKey(minerID: "cli-miner")
            let worked = FileManager.default.temporaryDirectory.appendingPathComponent("aitbc-worked-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: worked) }
            async let run = PythonProcess.run([Self.script, live.server.baseURL, minerKey.text, live.clientKey, worked.path],
                                              timeout: .seconds(100))
            let jobID = try await Self.leasedJob(live.coordinator)
            for _ in 0..<5 {  // ten seconds of the coordinator's clock: five heartbeat timeouts
                live.clock.advance(by: 2)
                try await live.coordinator.maintain()
            }
            let held = try await live.coordinator.store.read { db in try await db.job(id: jobID) }
            #expect(held?.state == .leased && held?.attempts == 0, "the silent miner's lease is held")
            _ = FileManager.default.createFile(atPath: worked.path, contents: nil)
            let outcome = try await run
            try #require(outcome.status == 0, "client failed: \(outcome.errors.suffix(2000))")
            let steps = try JSONDecoder().decode(JSONValue.self, from: outcome.output)
            #expect(steps["poll"]?["body"]?["job_id"]?.stringValue == jobID)
            #expect(steps["late_heartbeat"]?["status"] == 200)
            #expect(steps["late_heartbeat"]?["body"]?["jobs_assigned"] == 1)
            #expect(steps["result"]?["status"] == 200, "\(String(describing: steps["result"]))")
            #expect(steps["receipt"]?["body"]?["job_id"]?.stringValue == jobID)
            let receipts = try await live.send(.GET, "/v1/receipts")
            #expect(receipts.json.arrayCount == 1, "one receipt")
            let done = try await live.coordinator.store.read { db in try await db.job(id: jobID) }
            #expect(done?.state == .completed && done?.attempts == 0)
        }
    }

    /// The id of the job the client leased, once it has (for up to a minute).
    static func leasedJob(_ coordinator: Coordinator) async throws -> String {
        try await waitFor("the AITBC client leased a job", interval: .milliseconds(20)) {
            try await coordinator.store.read { db in try await db.jobs(JobQuery(state: .leased, limit: 1)) }.first?.id
        }
    }
}
