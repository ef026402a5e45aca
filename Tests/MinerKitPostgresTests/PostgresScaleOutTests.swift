import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Testing

/// What lets nodes add capacity: one maintenance leader, rate budgets charged from local slices, and
/// queued jobs announced by the database itself.
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresScaleOutTests {
    @Test func oneNodeLeadsAndAnotherTakesOverWhenItResigns() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let one = PostgresMaintenanceLeadership(database: first, retryInterval: .zero, checkInterval: .zero)
            let two = PostgresMaintenanceLeadership(database: second, retryInterval: .zero, checkInterval: .zero)
            #expect(await one.isLeader())
            #expect(await !two.isLeader())
            #expect(await one.isLeader())
            await one.resign()
            #expect(await two.isLeader())
            #expect(await !one.isLeader())
            await two.resign()
            await one.resign()
        }
    }

    @Test func maintenanceRunsOnlyOnTheLeader() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let leader = PostgresMaintenanceLeadership(database: first, retryInterval: .zero)
            #expect(await leader.isLeader())
            let standBy = Coordination(wakeUps: JobSignal(), replays: ReplayCache(capacity: 100), rateBudgets: InMemoryRateBudgets(),
                                       leadership: PostgresMaintenanceLeadership(database: second, retryInterval: .zero))
            let coordinator = Coordinator(store: PostgresStore(database: second), keyPair: .generate(), coordination: standBy)
            let passes = MaintenancePasses()
            // Three loop turns on the stand-by node: none runs a pass while the other node leads.
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await coordinator.runMaintenance(every: .milliseconds(10), onReport: { _ in passes.record() })
                }
                for _ in 0..<3 { #expect(await !standBy.leadership.isLeader()) }
                await leader.resign()
                await passes.waitForFirst()
                group.cancelAll()
            }
            await leader.resign()
        }
    }

    @Test func aNodeSpendsItsSliceWithoutTheDatabase() async throws {
        try await PostgresFixture.withDatabase { database in
            let budgets = PostgresRateBudgets(database: database)
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            let bucket = TokenBucket(key: "r:m1", capacity: 100, refillPerSecond: 1e-9)
            let first = try await budgets.take([bucket], at: now)
            #expect(first == nil)
            // The first take leased a tenth of the bucket; the next nine come from this node's slice.
            await database.close()
            for _ in 0..<9 {
                let next = try await budgets.take([bucket], at: now)
                #expect(next == nil)
            }
            await #expect(throws: (any Error).self) { try await budgets.take([bucket], at: now) }
        }
    }

    @Test func overshootAcrossNodesIsAtMostOneSlicePerNode() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let nodes = [PostgresRateBudgets(database: first), PostgresRateBudgets(database: second)]
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            // 20 tokens refilled at 1 per second: each node leases slices of 2.
            let bucket = TokenBucket(key: "r:m1", capacity: 20, refillPerSecond: 1)
            var granted = 0
            for second in 0..<30 {
                let now = start.addingTimeInterval(Double(second))
                for attempt in 0..<4 where try await nodes[attempt % 2].take([bucket], at: now) == nil { granted += 1 }
            }
            // The bucket allows 20 + 29 refilled tokens over these 30 seconds, plus one slice per node.
            #expect(granted <= 20 + 29 + 2 * 2)
            #expect(granted >= 20 + 29 - 2 * 2)
        }
    }

    @Test func aQueuedJobWakesWaitersOnEveryNodeWithoutAnAnnouncement() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let waiting = try await PostgresJobWakeUps.start(database: second)
            let generation = waiting.generation
            #expect(waiting.announcedByDatabase)
            // Two jobs of one model in one transaction: two wake-ups, not one folded notification.
            async let woken: Void = waiting.wait(models: ["echo"], since: generation, timeout: .seconds(60))
            try await PostgresStore(database: first).write { db in
                try await db.insert(Job(client: "c", model: "echo", input: "a", createdAt: Date()))
                try await db.insert(Job(client: "c", model: "echo", input: "b", createdAt: Date()))
            }
            await woken
            #expect(waiting.generation != generation)
            var wakes = waiting.generation
            for _ in 0..<1_000 where wakes < generation + 2 {
                await waiting.wait(models: ["echo"], since: wakes, timeout: .seconds(60))
                wakes = waiting.generation
            }
            #expect(waiting.generation == generation + 2)
            await waiting.close()
        }
    }
}

/// Counts maintenance passes and lets a test wait for the first.
private final class MaintenancePasses: Sendable {
    private let first = AsyncStream<Void>.makeStream()

    func record() { first.continuation.yield() }

    func waitForFirst() async {
        for await _ in first.stream { return }
    }
}
