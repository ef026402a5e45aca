import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// Exactly-once effects under races, dead miners, late results and rate limits, over real HTTP.
@Suite struct LeaseFaultTests {
    @Test(arguments: [false, true])
    func concurrentClaimersExactlyOneWins(sqlite: Bool) async throws {
        let store: any Store = sqlite ? try SQLiteStore(path: temporaryPath("claims.sqlite")) : InMemoryStore()
        try await LiveCoordinator.serving(store: store) { live in
            var miners: [[String: String]] = []
            for i in 0..<8 { miners.append(try await live.registerMiner("m\(i)")) }
            let id = try await live.submit()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for (i, miner) in miners.enumerated() {
                    group.addTask {
                        try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": .string("m\(i)")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == miners.count - 1)

            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for (i, miner) in miners.enumerated() {
                    group.addTask {
                        try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: miner,
                                            json: ["miner_id": .string("m\(i)"), "result": .string("r\(i)")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 == 200 }.count == 1)
            #expect(try await live.send(.GET, "/v1/receipts").json.arrayCount == 1)
        }
    }

    @Test func deadMinersJobIsLeasedAgainAndItsLateResultRefused() async throws {
        try await LiveCoordinator.serving(configuration: .init(heartbeatTimeout: 30, rateLimits: .off)) { live in
            let dead = try await live.registerMiner("dead")
            let alive = try await live.registerMiner("alive")
            let id = try await live.submit()
            let first = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: dead, json: ["miner_id": "dead"])
            #expect(first.json["lease_token"] == 1)

            live.clock.advance(by: 20)
            #expect(try await live.send(.POST, "/v1/miners/heartbeat", headers: alive).status == 200)
            let tooEarly = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: alive, json: ["miner_id": "alive"])
            #expect(tooEarly.status == 409)

            live.clock.advance(by: 11)  // the dead miner sent no heartbeat for 31 s: its lease lapsed
            let report = try await live.coordinator.maintain()
            #expect(report.expiredLeases == 1 && report.offlineMiners == 1)
            let second = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: alive, json: ["miner_id": "alive"])
            #expect(second.status == 200 && second.json["lease_token"] == 2 && second.json["attempts"] == 1)

            let late = try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: dead,
                                           json: ["miner_id": "dead", "result": "stale", "lease_token": 1])
            #expect(late.status == 409)
            let job = try await live.send(.GET, "/v1/jobs/\(id)", headers: live.client)
            #expect(job.json["status"] == "running" && job.json["miner_id"] == "alive" && job.json["result"] == nil)
            #expect(try await live.send(.GET, "/v1/receipts").json.arrayCount == 0)

            let winner = try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: alive,
                                             json: ["miner_id": "alive", "result": "fresh", "lease_token": 2])
            #expect(winner.status == 200)
            let deadStats = try await live.coordinator.stats(credentials: MinerCredentials(minerID: "dead", apiKey: dead["X-Api-Key"]))
            #expect(deadStats.expired == 1 && deadStats.completed == 0)
        }
    }

    @Test func heartbeatsKeepLeasesAliveAndNeverDropThem() async throws {
        try await LiveCoordinator.serving(configuration: .init(heartbeatTimeout: 30, rateLimits: .off)) { live in
            let miner = try await live.registerMiner("m1")
            let other = try await live.registerMiner("m2")
            let id = try await live.submit()
            #expect(try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": "m1"]).status == 200)
            for _ in 0..<4 {
                live.clock.advance(by: 20)
                // The miner claims to run nothing; the coordinator still knows it holds the job.
                let beat = try await live.send(.POST, "/v1/miners/heartbeat", headers: miner, json: ["inflight": 0])
                #expect(beat.json["jobs_assigned"] == 1)
            }
            try await live.coordinator.maintain()
            #expect(try await live.send(.POST, "/v1/miners/heartbeat", headers: other).status == 200)
            let steal = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: other, json: ["miner_id": "m2"])
            #expect(steal.status == 409 && steal.errorCode == "job_already_claimed")
            let done = try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: miner, json: ["miner_id": "m1", "result": "ok"])
            #expect(done.status == 200)
        }
    }

    @Test func rateLimitGives429WithRetryAfter() async throws {
        let limits = RateLimits(requestsPerMinute: 5, jobOperationsPerMinute: 2)
        try await LiveCoordinator.serving(configuration: .init(rateLimits: limits)) { live in
            let miner = try await live.registerMiner("m1")
            var statuses: [Int] = []
            var last: LiveCoordinator.Reply?
            for _ in 0..<6 {
                last = try await live.send(.POST, "/v1/miners/heartbeat", headers: miner)
                statuses.append(last!.status)
            }
            #expect(statuses == [200, 200, 200, 200, 200, 429])
            #expect(last?.errorCode == "rate_limited")
            #expect(last?.headers.first(name: "Retry-After") == "12")
            live.clock.advance(by: 12)
            #expect(try await live.send(.POST, "/v1/miners/heartbeat", headers: miner).status == 200)

            live.clock.advance(by: 60)
            var jobStatuses: [Int] = []
            for _ in 0..<3 {
                let id = try await live.submit()
                jobStatuses.append(try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": "m1"]).status)
            }
            #expect(jobStatuses == [200, 200, 429])
        }
    }
}

/// A path in a fresh temporary directory.
func temporaryPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-http-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
}
