import Foundation

extension PoolService {
    /// Assignments expired per transaction, and window stats settled per transaction.
    static let housekeepingBatch = 256

    /// Expires a bounded batch of overdue assignments and settles closed windows.
    func housekeep(_ db: any PoolStoreWriter, at now: Date) throws {
        for var assignment in try db.overdueAssignments(at: now, limit: Self.housekeepingBatch) {
            try expire(db, &assignment)
        }
        let window = configuration.windows.window(at: now)
        for var stats in try db.unsettledStats(before: window, limit: Self.housekeepingBatch) {
            let delta = configuration.reputation.delta(for: stats)
            if var miner = try db.miner(hotkey: stats.miner) {
                miner.reputation = configuration.reputation.apply(delta, to: miner.reputation)
                try db.save(miner)
            }
            stats.settled = true
            stats.reputationDelta = delta
            try db.save(stats)
        }
    }

    /// Marks `assignment` expired and hands its evaluate slots back.
    func expire(_ db: any PoolStoreWriter, _ assignment: inout PoolAssignment) throws {
        assignment.status = .expired
        try db.save(assignment)
        try releaseSlots(db, assignment)
    }

    /// Marks `assignment` completed, hands its slots back and counts it for the miner.
    func complete(_ db: any PoolStoreWriter, _ assignment: inout PoolAssignment, iterations: Int, at now: Date) throws {
        assignment.status = .completed
        try db.save(assignment)
        try releaseSlots(db, assignment)
        try credit(db, assignment.miner, at: now) { $0.assignmentsCompleted += 1; $0.iterations += iterations }
            totals: { $0.assignmentsCompleted += 1 }
    }

    private func releaseSlots(_ db: any PoolStoreWriter, _ assignment: PoolAssignment) throws {
        for id in assignment.evaluateIDs {
            guard var algorithm = try db.algorithm(id: id), algorithm.inFlight > 0 else { continue }
            algorithm.inFlight -= 1
            try db.save(algorithm)
        }
    }

    /// The miner's active assignment if it is still live; an overdue one is expired on the way.
    func liveAssignment(_ db: any PoolStoreWriter, miner: String, at now: Date) throws -> PoolAssignment? {
        guard var assignment = try db.activeAssignment(miner: miner) else { return nil }
        if assignment.isLive(at: now) { return assignment }
        try expire(db, &assignment)
        return nil
    }

    /// The miner's live assignment `id` of `kind`; anything else is a 404 with `notFound`.
    func requireLive(_ db: any PoolStoreWriter, id: String, kind: PoolAssignment.Kind, miner: String,
                     at now: Date, notFound: MinerKitError) throws -> PoolAssignment {
        guard let assignment = try db.assignment(id: id), assignment.miner == miner, assignment.kind == kind,
              assignment.isLive(at: now) else { throw notFound }
        return assignment
    }

    /// Registers the miner on first sight and notes when it was last seen.
    @discardableResult
    func touch(_ db: any PoolStoreWriter, _ hotkey: String, at now: Date) throws -> (miner: PoolMiner, isNew: Bool) {
        if var miner = try db.miner(hotkey: hotkey) {
            miner.lastSeenAt = now
            try db.save(miner)
            return (miner, false)
        }
        let miner = PoolMiner(hotkey: hotkey, at: now)
        try db.save(miner)
        return (miner, true)
    }

    /// Applies `change` to the miner's stats for the window of `now`, and `totals` to its lifetime totals.
    func credit(_ db: any PoolStoreWriter, _ hotkey: String, at now: Date, _ change: (inout PoolWindowStats) -> Void,
                totals: (inout PoolMiner) -> Void = { _ in }) throws {
        let window = configuration.windows.window(at: now)
        var stats = try db.windowStats(miner: hotkey, window: window) ?? PoolWindowStats(miner: hotkey, windowNumber: window)
        change(&stats)
        try db.save(stats)
        var miner = try db.miner(hotkey: hotkey) ?? PoolMiner(hotkey: hotkey, at: now)
        totals(&miner)
        try db.save(miner)
    }
}
