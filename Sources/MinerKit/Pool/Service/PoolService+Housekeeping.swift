import Foundation

extension PoolService {
    /// Assignments expired per transaction, and window stats settled per transaction.
    static let housekeepingBatch = 256

    /// Expires a bounded batch of overdue assignments and settles closed windows.
    func housekeep(_ db: any PoolStoreWriter, at now: Date) async throws {
        for var assignment in try await db.overdueAssignments(at: now, limit: Self.housekeepingBatch) {
            try await expire(db, &assignment)
        }
        let window = configuration.windows.window(at: now)
        for var stats in try await db.unsettledStats(before: window, limit: Self.housekeepingBatch) {
            let delta = configuration.reputation.delta(for: stats)
            if var miner = try await db.miner(hotkey: stats.miner) {
                miner.reputation = configuration.reputation.apply(delta, to: miner.reputation)
                try await db.save(miner)
            }
            stats.settled = true
            stats.reputationDelta = delta
            try await db.save(stats)
        }
    }

    /// Marks `assignment` expired and hands its evaluate slots back.
    func expire(_ db: any PoolStoreWriter, _ assignment: inout PoolAssignment) async throws {
        assignment.status = .expired
        try await db.save(assignment)
        note(.poolAssignmentsExpired(count: 1))
        try await releaseSlots(db, assignment)
    }

    /// Marks `assignment` completed, hands its slots back and counts it for the miner.
    func complete(_ db: any PoolStoreWriter, _ assignment: inout PoolAssignment, iterations: Int, at now: Date) async throws {
        assignment.status = .completed
        try await db.save(assignment)
        try await releaseSlots(db, assignment)
        try await credit(db, assignment.miner, at: now) { $0.assignmentsCompleted += 1; $0.iterations += iterations }
            totals: { $0.assignmentsCompleted += 1 }
    }

    private func releaseSlots(_ db: any PoolStoreWriter, _ assignment: PoolAssignment) async throws {
        for id in assignment.evaluateIDs {
            guard var algorithm = try await db.algorithm(id: id), algorithm.inFlight > 0 else { continue }
            algorithm.inFlight -= 1
            try await db.save(algorithm)
        }
    }

    /// The miner's active assignment if it is still live; an overdue one is expired on the way.
    func liveAssignment(_ db: any PoolStoreWriter, miner: String, at now: Date) async throws -> PoolAssignment? {
        guard var assignment = try await db.activeAssignment(miner: miner) else { return nil }
        if assignment.isLive(at: now) { return assignment }
        try await expire(db, &assignment)
        return nil
    }

    /// The miner's live assignment `id` of `kind`; anything else is a 404 with `notFound`.
    func requireLive(_ db: any PoolStoreWriter, id: String, kind: PoolAssignment.Kind, miner: String,
                     at now: Date, notFound: MinerKitError) async throws -> PoolAssignment {
        guard let assignment = try await db.assignment(id: id), assignment.miner == miner, assignment.kind == kind,
              assignment.isLive(at: now) else { throw notFound }
        return assignment
    }

    /// Registers the miner on first sight and notes when it was last seen.
    @discardableResult
    func touch(_ db: any PoolStoreWriter, _ hotkey: String, at now: Date) async throws -> (miner: PoolMiner, isNew: Bool) {
        if var miner = try await db.miner(hotkey: hotkey) {
            miner.lastSeenAt = now
            try await db.save(miner)
            return (miner, false)
        }
        let miner = PoolMiner(hotkey: hotkey, at: now)
        try await db.save(miner)
        return (miner, true)
    }

    /// Applies `change` to the miner's stats for the window of `now`, and `totals` to its lifetime totals.
    func credit(_ db: any PoolStoreWriter, _ hotkey: String, at now: Date, _ change: (inout PoolWindowStats) -> Void,
                totals: (inout PoolMiner) -> Void = { _ in }) async throws {
        let window = configuration.windows.window(at: now)
        var stats = try await db.windowStats(miner: hotkey, window: window) ?? PoolWindowStats(miner: hotkey, windowNumber: window)
        change(&stats)
        try await db.save(stats)
        var miner = try await db.miner(hotkey: hotkey) ?? PoolMiner(hotkey: hotkey, at: now)
        totals(&miner)
        try await db.save(miner)
    }
}
