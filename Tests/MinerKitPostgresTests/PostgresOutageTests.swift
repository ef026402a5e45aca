import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Synchronization
import Testing

/// A coordinator process whose PostgreSQL server goes away for longer than PostgresNIO's pool keeps
/// trying (its circuit breaker opens after 60 s of failed connection attempts, and its backoff grows
/// past 10 s): every reply meanwhile is 503 `database_unavailable` with `Retry-After`, never a 500, and
/// service resumes within 2 s of the server accepting connections again.
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests))
struct PostgresOutageTests {
    /// Past the pool's 60 s circuit breaker, with margin for a loaded machine.
    static let outage: Duration = .seconds(75)

    @Test("a long PostgreSQL outage answers 503 database_unavailable throughout; service resumes within 2 s",
          .timeLimit(.minutes(5)))
    func longOutage() async throws {
        let cluster = try await PostgresTestCluster.start()
        do {
            try await Self.outage(on: cluster)
            try await cluster.stop()
        } catch {
            try? await cluster.restart()
            try? await cluster.stop()
            throw error
        }
    }

    private static func outage(on cluster: PostgresTestCluster) async throws {
        let database = try await cluster.createDatabase()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-outage-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyPath = folder.appendingPathComponent("receipts.ed25519").path
        let keyPair = Ed25519KeyPair.generate()
        try keyPair.save(to: keyPath)
        let pool = try await PostgresDatabasePool.open(database, maxConnections: 2)
        let (_, key) = try await Coordinator(store: PostgresStore(database: pool), keyPair: keyPair).createClientKey(name: "load")
        await pool.close()

        let headers = ["X-Api-Key": key.text]
        let replies = ReplyLog()
        try await withStarted({ try await CoordinatorNode.start(name: "outage", database: database, keyPath: keyPath) }) { node in
            let url = node.base + "/v1/jobs"
            try await withThrowingTaskGroup(of: Void.self) { group in
                // A small load: two clients asking in a loop until told to stop.
                for _ in 0..<2 {
                    group.addTask {
                        while !replies.stopped {
                            let reply = try await LoopbackHTTP.send(.GET, url, headers: headers, timeout: .seconds(30))
                            replies.record(reply)
                            try await Task.sleep(for: .milliseconds(20))  // pacing, not ordering
                        }
                    }
                }
                try await replies.waitForSuccess(after: .now)
                try await cluster.stopServer()
                let down = ContinuousClock.now
                replies.outageBegins()
                // Cross the pool's circuit breaker, with replies coming all along.
                try await waitUntil("the outage lasted \(outage) with 20 replies", timeout: outage + .seconds(60),
                                    interval: .milliseconds(200)) {
                    ContinuousClock.now - down >= outage && replies.duringOutage >= 20
                }
                try await cluster.restart()
                let back = ContinuousClock.now
                replies.outageEnds()
                try await replies.waitForSuccess(after: back)
                let resumed = replies.firstSuccess(after: back).map { $0 - back }
                replies.stop()
                try await group.waitForAll()
                #expect(resumed.map { $0 < .seconds(2) } == true, "first success \(String(describing: resumed)) after the restart")
            }
        }

        let outageReplies = replies.outageReplies
        #expect(outageReplies.count >= 20)
        for reply in outageReplies {
            #expect(reply.status == 503, "\(reply.status) \(reply.json)")
            #expect(reply.json["error_code"]?.stringValue == "database_unavailable", "\(reply.json)")
            #expect(reply.retryAfter != nil, "no Retry-After on \(reply.json)")
        }
        // Late in the outage (past the circuit breaker) the answers are still 503s.
        #expect(replies.lateOutageReplies(after: .seconds(62)) > 0)
        #expect(replies.all.allSatisfy { $0.status == 200 || $0.status == 503 }, "\(replies.all.filter { $0.status >= 500 && $0.status != 503 }.map(\.json))")
    }
}

/// The replies the load got, and when, with the outage's bounds.
private final class ReplyLog: Sendable {
    private struct State {
        var replies: [(at: ContinuousClock.Instant, reply: LoopbackHTTP.Reply)] = []
        var outage: (start: ContinuousClock.Instant, end: ContinuousClock.Instant?)?
        var stopped = false
    }

    private let state = Mutex(State())

    func record(_ reply: LoopbackHTTP.Reply) {
        state.withLock { $0.replies.append((.now, reply)) }
    }

    func outageBegins() { state.withLock { $0.outage = (.now, nil) } }
    func outageEnds() { state.withLock { $0.outage?.end = .now } }
    func stop() { state.withLock { $0.stopped = true } }
    var stopped: Bool { state.withLock { $0.stopped } }
    var all: [LoopbackHTTP.Reply] { state.withLock { $0.replies.map(\.reply) } }

    /// Replies that arrived while the server was down (from the stop until the restart returned).
    private func outageEntries() -> [(at: ContinuousClock.Instant, reply: LoopbackHTTP.Reply)] {
        state.withLock { state in
            guard let outage = state.outage else { return [] }
            return state.replies.filter { entry in
                entry.at > outage.start && outage.end.map { entry.at < $0 } ?? true
            }
        }
    }

    var outageReplies: [LoopbackHTTP.Reply] {
        // A request sent just before the stop may still have succeeded: those are left out.
        outageEntries().map(\.reply).filter { $0.status != 200 }
    }

    var duringOutage: Int { outageEntries().count }

    func lateOutageReplies(after offset: Duration) -> Int {
        guard let start = state.withLock({ $0.outage?.start }) else { return 0 }
        return outageEntries().filter { $0.at - start > offset }.count
    }

    func firstSuccess(after instant: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        state.withLock { $0.replies.first { $0.at > instant && $0.reply.status == 200 }?.at }
    }

    /// Waits until a reply after `instant` succeeded; fails after a minute.
    func waitForSuccess(after instant: ContinuousClock.Instant) async throws {
        try await waitUntil("a successful reply", timeout: .seconds(60), interval: .milliseconds(20)) {
            firstSuccess(after: instant) != nil
        }
    }
}
