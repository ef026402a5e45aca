import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Testing

/// Coordination between two nodes (two pools on one database).
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresCoordinationTests {
    @Test func anAnnouncementOnOneNodeWakesAWaiterOnTheOther() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let sender = try await PostgresJobWakeUps.start(database: first)
            let receiver = try await PostgresJobWakeUps.start(database: second)
            let senderGeneration = sender.generation, receiverGeneration = receiver.generation
            async let woken: Void = receiver.wait(models: ["echo"], since: receiverGeneration, timeout: .seconds(60))
            await sender.announce(model: "echo", count: 1)
            await woken
            // Only an announcement moves the generation (a timeout does not): the wait ended because of it.
            #expect(receiver.generation != receiverGeneration)
            // The sender hears its own notification too; wait for it the same way.
            await sender.wait(models: nil, since: senderGeneration, timeout: .seconds(60))
            #expect(sender.generation != senderGeneration)
            await sender.close()
            await receiver.close()
        }
    }

    @Test func aSignatureAcceptedOnOneNodeIsAReplayOnTheOther() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let one = PostgresReplayGuard(database: first), two = PostgresReplayGuard(database: second)
            let signature: [UInt8] = Array(repeating: 7, count: 64)
            let accepted = try await one.firstUse(of: signature, expiry: 1_000, now: 700)
            #expect(accepted)
            #expect(try await !two.firstUse(of: signature, expiry: 1_000, now: 800))
            #expect(try await !one.firstUse(of: signature, expiry: 1_000, now: 1_000))
            // Once its window has passed, the signature is fresh again.
            #expect(try await two.firstUse(of: signature, expiry: 1_400, now: 1_001))
        }
    }

    @Test func expiredSignaturesAreSwept() async throws {
        try await PostgresFixture.withDatabase { database in
            let replays = PostgresReplayGuard(database: database, sweepInterval: 60)
            #expect(try await replays.firstUse(of: [1], expiry: 1_000, now: 700))
            #expect(try await replays.firstUse(of: [2], expiry: 1_100, now: 750))
            // The first check a minute after the last sweep deletes what expired by then.
            #expect(try await replays.firstUse(of: [3], expiry: 2_000, now: 1_050))
            let left = try await database.transaction(readOnly: true) { db in
                try await db.query("SELECT count(*) FROM replay_signatures").rows.first?.decode(Int.self)
            }
            #expect(left == 2)
        }
    }

    @Test func rateBudgetsAreSharedAndTakenAllOrNothing() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let one = PostgresRateBudgets(database: first), two = PostgresRateBudgets(database: second)
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            let requests = TokenBucket(key: "r:m1", capacity: 3, refillPerSecond: 1.0 / 60)
            let jobs = TokenBucket(key: "j:m1", capacity: 1, refillPerSecond: 1.0 / 60)

            #expect(try await one.take([requests, jobs], at: now) == nil)
            #expect(try await two.take([requests], at: now) == nil)
            // `jobs` is empty: the call takes nothing, not even from `requests`.
            let refusal = try #require(try await two.take([requests, jobs], at: now))
            #expect(refusal.bucket == jobs)
            #expect(abs(refusal.retryAfter - 60) < 0.001)
            #expect(try await one.take([requests], at: now) == nil)
            #expect(try await two.take([requests], at: now)?.bucket == requests)
            // A minute later each bucket has one token again.
            #expect(try await two.take([requests, jobs], at: now.addingTimeInterval(60)) == nil)
        }
    }

    @Test func concurrentTakesOnSeveralNodesNeverOverspend() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let nodes = [PostgresRateBudgets(database: first), PostgresRateBudgets(database: second)]
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            let bucket = TokenBucket(key: "r:busy", capacity: 20, refillPerSecond: 1e-9)
            let granted = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        var granted = 0
                        for _ in 0..<10 where try await nodes[index % 2].take([bucket], at: now) == nil { granted += 1 }
                        return granted
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(granted == 20)
        }
    }

    @Test func theCoordinationBundleKeepsEverythingInTheDatabase() async throws {
        try await PostgresFixture.withDatabase { database in
            let coordination = try await Coordination.postgres(database)
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            let bucket = TokenBucket(key: "r:m1", capacity: 1, refillPerSecond: 1e-9)
            #expect(try await coordination.replays.firstUse(of: [9], expiry: 10, now: 1))
            #expect(try await coordination.rateBudgets.take([bucket], at: now) == nil)
            // Another node's guard and budgets see what the bundle recorded.
            #expect(try await !PostgresReplayGuard(database: database).firstUse(of: [9], expiry: 10, now: 2))
            #expect(try await PostgresRateBudgets(database: database).take([bucket], at: now) != nil)
            let wakeUps = try #require(coordination.wakeUps as? PostgresJobWakeUps)
            await wakeUps.close()
        }
    }
}
