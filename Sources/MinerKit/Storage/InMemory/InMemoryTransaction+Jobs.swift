import Foundation

extension InMemoryTransaction: JobWriting {
    func job(id: String) throws -> Job? { db.job(id) }

    func jobs(_ query: JobQuery) throws -> [Job] {
        var out: [Job] = []
        var skipped = 0
        for id in db.jobOrder.reversed() {
            guard let job = db.job(id) else { continue }
            if let state = query.state, job.state != state { continue }
            if let client = query.client, job.client != client { continue }
            if let miner = query.minerID, job.minerID != miner { continue }
            if skipped < query.offset { skipped += 1; continue }
            out.append(job)
            if out.count >= query.limit { break }
        }
        return out
    }

    func jobCount(state: JobState?) throws -> Int {
        guard let state else { return db.liveJobs.count + db.finishedJobs.count }
        return db.stateCounts[state, default: 0]
    }

    func jobCounts() throws -> [JobState: Int] {
        Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, db.stateCounts[$0, default: 0]) })
    }

    func leasedJobs(minerID: String) throws -> [Job] {
        (db.leasedByMiner[minerID] ?? []).compactMap { db.liveJobs[$0] }.sorted { $0.createdAt < $1.createdAt }
    }

    func insert(_ job: Job) throws {
        guard db.liveJobs[job.id] == nil, db.finishedJobs[job.id] == nil else {
            throw MinerKitError(.conflict, code: "job_exists", "a job with id \(job.id) already exists")
        }
        db.place(job)
        db.jobOrder.append(job.id)
        db.nextSequence += 1
        if !job.state.isFinal { db.sequences[job.id] = db.nextSequence }
        onRollback { db in
            db.remove(job.id)
            db.jobOrder.removeLast()
            db.sequences[job.id] = nil
            db.nextSequence -= 1
        }
        track(from: nil, to: job)
        if job.state == .queued { enqueue(job) }
        if job.state == .leased, let deadline = job.lease?.deadline { db.deadlines.push(.init(deadline: deadline, jobID: job.id)) }
    }

    func update(_ new: Job) throws {
        guard let old = db.job(new.id) else {
            throw MinerKitError(.notFound, code: "job_not_found", "no job with id \(new.id)")
        }
        let job = new.keepingWhatIsFixed(from: old)
        db.place(job)
        onRollback { db in db.place(old) }
        track(from: old, to: job)
        if job.state.isFinal && !old.state.isFinal { forgetQueuePlace(of: job.id) }
        if job.state == .leased, let deadline = job.lease?.deadline, deadline != old.lease?.deadline || old.state != .leased {
            // A rolled-back entry is harmless: it is dead once the job's deadline differs from it.
            db.deadlines.push(.init(deadline: deadline, jobID: job.id))
        }
        if job.state == .queued && old.state != .queued { enqueue(job) }
    }

    func nextQueuedJob(models: [String]?, excluding: Set<String>) throws -> Job? {
        let db = self.db
        let entry = db.queue.best(models: models, skipping: excluding) { entry in
            db.enqueued[entry.jobID] == entry.enqueue && db.liveJobs[entry.jobID]?.state == .queued
        }
        return entry.flatMap { db.liveJobs[$0.jobID] }
    }

    func expiredLeases(at now: Date, limit: Int) throws -> [Job] {
        let db = self.db
        return db.deadlines.lapsed(at: now, limit: limit) { entry in
            guard let job = db.liveJobs[entry.jobID], job.state == .leased else { return false }
            return job.lease?.deadline == entry.deadline
        }.compactMap { db.liveJobs[$0.jobID] }
    }

    /// Keeps the lease indexes and the per-state counts in step with a change from `old` to `new`.
    private func track(from old: Job?, to new: Job) {
        let wasLeased = old.map { $0.state == .leased ? $0.minerID : nil } ?? nil
        let isLeased = new.state == .leased ? new.minerID : nil
        guard old?.state != new.state || wasLeased != isLeased else { return }
        Self.apply(old, new, to: db)
        onRollback { db in Self.apply(new, old, to: db) }
    }

    /// Moves `job`'s entry in the indexes from the `from` version to the `to` version.
    private static func apply(_ from: Job?, _ to: Job?, to db: InMemoryDatabase) {
        if let from {
            db.stateCounts[from.state, default: 0] -= 1
            if from.state == .leased {
                db.leased.remove(from.id)
                if let miner = from.minerID { db.leasedByMiner[miner]?.remove(from.id) }
            }
        }
        if let to {
            db.stateCounts[to.state, default: 0] += 1
            if to.state == .leased {
                db.leased.insert(to.id)
                if let miner = to.minerID { db.leasedByMiner[miner, default: []].insert(to.id) }
            }
        }
    }

    /// A finished job never returns to the queue: its queue sequence and enqueue number go (any index
    /// entry left for it is dead from then on).
    private func forgetQueuePlace(of id: String) {
        let (sequence, number) = (db.sequences.removeValue(forKey: id), db.enqueued.removeValue(forKey: id))
        onRollback { db in
            db.sequences[id] = sequence
            db.enqueued[id] = number
        }
    }

    private func enqueue(_ job: Job) {
        let number = db.nextEnqueue
        db.nextEnqueue += 1
        let previous = db.enqueued[job.id]
        db.enqueued[job.id] = number
        onRollback { db in db.enqueued[job.id] = previous }
        let position = QueuePosition(priority: job.priority, sequence: db.sequences[job.id] ?? 0)
        db.queue.push(.init(position: position, enqueue: number, jobID: job.id), model: job.model)
    }
}
