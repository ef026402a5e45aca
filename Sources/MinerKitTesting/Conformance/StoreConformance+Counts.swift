import Foundation
import MinerKit

extension StoreConformance {
    static let countChecks: [Check] = [
        check("counts by state stay right through submit, lease, complete, fail, cancel, expiry and requeue") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock, policy: LeasePolicy(leaseDuration: 10, maxAttempts: 2))
            var ids: [String] = []
            for i in 0..<6 { ids.append(try await q.submit(submission("\(i)")).id) }
            try await expectCounts(store, [.queued: 6], "after six submits", expect)
            var leases: [Job] = []
            for m in 0..<5 { if let job = try await q.leaseNext(minerID: "m\(m)", models: nil) { leases.append(job) } }
            try await expectCounts(store, [.queued: 1, .leased: 5], "after five leases", expect)
            try await q.complete(jobID: leases[0].id, minerID: "m0", token: leases[0].lease!.token, result: "ok")
            try await q.fail(jobID: leases[1].id, minerID: "m1", token: leases[1].lease!.token, reason: "broken")
            try await q.fail(jobID: leases[2].id, minerID: "m2", token: leases[2].lease!.token, reason: "busy", retryable: true)
            _ = try await q.cancel(jobID: leases[3].id)
            try await expectCounts(store, [.queued: 2, .leased: 1, .completed: 1, .failed: 1, .cancelled: 1],
                                   "after complete, fail, retryable fail and cancel", expect)
            clock.advance(by: 11)
            try expect.equal(try await q.reapExpired().map(\.state), [.queued], "the lapsed lease requeues")
            try await expectCounts(store, [.queued: 3, .completed: 1, .failed: 1, .cancelled: 1], "after expiry", expect)
            guard let again = try await q.leaseNext(minerID: "m9", models: nil) else { return try expect.that(false, "no lease") }
            try await q.release(jobID: again.id, minerID: "m9", token: again.lease!.token)
            try await expectCounts(store, [.queued: 3, .completed: 1, .failed: 1, .cancelled: 1], "after a release", expect)
            do {
                try await store.write { db in
                    try await db.insert(Job(id: "job_ghost", client: "c", model: "echo", input: "", createdAt: clock.now()))
                    guard var job = try await db.nextQueuedJob(models: nil) else { return }
                    try JobLifecycle.lease(&job, to: "m1", at: clock.now(), duration: 10)
                    try await db.update(job)
                    try expect.equal(try await db.jobCount(state: .queued), 3, "read your writes: queued")
                    try expect.equal(try await db.jobCount(state: .leased), 1, "read your writes: leased")
                    throw Abort()
                }
            } catch is Abort {}
            try await expectCounts(store, [.queued: 3, .completed: 1, .failed: 1, .cancelled: 1], "after a rollback", expect)
        },
        check("the receipt count follows completions and rollbacks") { store, expect in
            let ledger = try await LedgerFixture(store, blockSize: 100)
            try expect.equal(try await store.read { try await $0.receiptCount() }, 0, "no receipts")
            let receipts = try await ledger.complete(3)
            try expect.equal(try await store.read { try await $0.receiptCount() }, 3, "three receipts")
            do {
                try await store.write { [receipt = receipts[0]] db in
                    var copy = receipt
                    copy.receiptID = Receipt.newID()
                    copy.jobID = "job_other"
                    _ = try await db.insert(ReceiptRecord(receipt: copy, txID: String(repeating: "1", count: 64), createdAt: Date()))
                    throw Abort()
                }
            } catch is Abort {}
            try expect.equal(try await store.read { try await $0.receiptCount() }, 3, "after a rollback")
            let times = try await store.read { try await $0.recentReceiptTimes(limit: 2) }
            let newest = try await store.read { try await $0.receipts(ReceiptQuery(limit: 2)) }
            try expect.equal(times, newest.map(\.createdAt), "the newest receipts' times, newest first")
        },
        check("keyset pages cover every job once, newest first, ties in insertion order") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock)
            // Three instants with several jobs each (ties), and two jobs stored out of creation order.
            var expected: [Job] = []
            for _ in 0..<3 {
                clock.advance(by: 1)
                for i in 0..<4 { expected.append(try await q.submit(submission("\(i)"))) }
            }
            let early = Job(id: "job_early", client: "client-1", model: "echo", input: "", createdAt: clock.now().addingTimeInterval(-1.5))
            let tied = Job(id: "job_tied", client: "client-1", model: "echo", input: "", createdAt: clock.now().addingTimeInterval(-1))
            try await store.write { db in
                try await db.insert(early)
                try await db.insert(tied)
            }
            _ = try await q.cancel(jobID: expected[5].id)
            _ = try await q.cancel(jobID: expected[10].id)
            // Newest first: by creation time, then the later insert first.
            let all = try await q.list(JobQuery(limit: 100))
            let byTime = Dictionary(uniqueKeysWithValues: (expected + [early, tied]).map { ($0.id, $0.createdAt) })
            let inserted = expected.map(\.id) + [early.id, tied.id]
            let newestFirst = inserted.enumerated().sorted {
                (byTime[$0.element]!, $0.offset) > (byTime[$1.element]!, $1.offset)
            }.map(\.element)
            try expect.equal(all.map(\.id), newestFirst, "the listing's order")
            for (state, limit) in [(nil as JobState?, 5), (nil, 1), (.queued, 4), (.cancelled, 1)] {
                var seen: [String] = [], cursor: JobCursor?, pages = 0
                repeat {
                    let page = try await store.read { [cursor] db in
                        try await db.jobPage(JobQuery(state: state, client: "client-1", limit: limit, before: cursor))
                    }
                    try expect.that(page.jobs.count <= limit, "a page holds at most its limit")
                    try expect.that(page.next == nil || page.jobs.count == limit, "only a full page has a next one")
                    if let next = page.next { try expect.equal(JobCursor(token: next.token), next, "the cursor's token reads back") }
                    seen += page.jobs.map(\.id)
                    cursor = page.next
                    pages += 1
                } while cursor != nil && pages < 100
                let wanted = try await q.list(JobQuery(state: state, limit: 100)).map(\.id)
                try expect.equal(seen, wanted, "pages of \(limit) (\(state?.rawValue ?? "any state")) cover each job once, in order")
            }
            let page = try await store.read { try await $0.jobPage(JobQuery(client: "client-1", limit: 3)) }
            let rest = try await store.read { [next = page.next] db in
                try await db.jobPage(JobQuery(client: "client-1", limit: 100, before: next))
            }
            try expect.equal(rest.jobs.map(\.id), Array(newestFirst.dropFirst(3)), "a page from a cursor continues the listing")
            try expect.equal(rest.next, nil, "the last page has no next")
            try expect.that(try await store.read { try await $0.jobPage(JobQuery(client: "nobody", limit: 3)) }.jobs.isEmpty,
                            "another client's pages are empty")
        },
        check("a page of miners' leases and counters reads in one go") { store, expect in
            let q = queue(store)
            for i in 0..<3 { _ = try await q.submit(submission("\(i)")) }
            _ = try await q.leaseNext(minerID: "m1", models: nil)
            _ = try await q.leaseNext(minerID: "m1", models: nil)
            _ = try await q.leaseNext(minerID: "m2", models: nil)
            try await store.write { db in try await db.save(MinerStats(minerID: "m1", completed: 4, failed: 1)) }
            let (leases, stats) = try await store.read { db in
                (try await db.leaseCounts(minerIDs: ["m1", "m2", "m3"]), try await db.minerStats(ids: ["m1", "m3"]))
            }
            try expect.equal(leases, ["m1": 2, "m2": 1], "leases held, miners holding none left out")
            try expect.equal(stats, ["m1": MinerStats(minerID: "m1", completed: 4, failed: 1)], "counters of those that have any")
            try expect.equal(try await store.read { try await $0.leaseCounts(minerIDs: []) }, [:], "no miners asked")
        },
    ]

    /// Checks `jobCounts()` and `jobCount(state:)` against `expected` (states left out are zero) and
    /// against a recount of the listing.
    private static func expectCounts(_ store: any Store, _ expected: [JobState: Int], _ when: String,
                                     _ expect: Expectations) async throws {
        let full = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, expected[$0] ?? 0) })
        let (counts, each, total, listed) = try await store.read { db in
            (try await db.jobCounts(),
             Dictionary(uniqueKeysWithValues: try await JobState.allCases.asyncMap { ($0, try await db.jobCount(state: $0)) }),
             try await db.jobCount(state: nil), try await db.jobs(JobQuery(limit: 1000)))
        }
        try expect.equal(counts, full, "counts by state \(when)")
        try expect.equal(each, full, "each state's count \(when)")
        try expect.equal(total, full.values.reduce(0, +), "all jobs \(when)")
        try expect.equal(Dictionary(grouping: listed, by: \.state).mapValues(\.count), full.filter { $0.value > 0 },
                         "the listing recounted \(when)")
    }
}

extension Array {
    /// `transform` applied to each element in order, awaiting each.
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
