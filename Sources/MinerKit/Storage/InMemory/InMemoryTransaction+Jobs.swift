import Foundation

extension InMemoryTransaction: JobWriting {
    func job(id: String) throws -> Job? { db.job(id) }

    func jobCount(state: JobState?) throws -> Int {
        guard let state else { return db.liveJobs.count + db.finishedJobs.count }
        return db.stateCounts[state, default: 0]
    }

    func jobCounts() throws -> [JobState: Int] {
        Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, db.stateCounts[$0, default: 0]) })
    }

    func leasedJobs(minerID: String) throws -> [Job] {
        (db.leasedByMiner[minerID] ?? []).compactMap { db.liveJobs[$0]?.job }.sorted { $0.createdAt < $1.createdAt }
    }

    func insert(_ job: Job) throws {
        guard db.liveJobs[job.id] == nil, db.finishedJobs[job.id] == nil else {
            throw MinerKitError(.conflict, code: "job_exists", "a job with id \(job.id) already exists")
        }
        db.nextSequence += 1
        let place = db.jobOrder.insert(.init(createdAt: job.createdAt, sequence: db.nextSequence, id: job.id))
        if job.state.isFinal {
            db.finishedJobs[job.id] = job.packed(strings: db.strings)
        } else {
            db.liveJobs[job.id] = .init(job: job, sequence: db.nextSequence)
        }
        onRollback { db in
            db.liveJobs[job.id] = nil
            db.finishedJobs[job.id] = nil
            db.jobOrder.remove(at: place)
            db.nextSequence -= 1
        }
        track(from: nil, to: job)
        if job.state == .queued { enqueue(job.id) }
        if job.state == .leased, let deadline = job.lease?.deadline { db.deadlines.push(.init(deadline: deadline, jobID: job.id)) }
    }

    func update(_ new: Job) throws {
        let id = new.id
        let live = db.liveJobs[id]
        guard let old = live?.job ?? db.job(id) else {
            throw MinerKitError(.notFound, code: "job_not_found", "no job with id \(id)")
        }
        let job = new.keepingWhatIsFixed(from: old)
        if job.state.isFinal {
            // Finished jobs are kept packed and never return to the queue: their queue places go.
            db.liveJobs[id] = nil
            let packed = db.finishedJobs.updateValue(job.packed(strings: db.strings), forKey: id)
            onRollback { db in
                db.finishedJobs[id] = packed
                db.liveJobs[id] = live
            }
        } else if live != nil {
            db.liveJobs[id]!.job = job
            onRollback { db in db.liveJobs[id] = live }
        } else {
            // A finished job made live again goes to the back of its priority's queue.
            let packed = db.finishedJobs.removeValue(forKey: id)
            db.nextSequence += 1
            db.liveJobs[id] = .init(job: job, sequence: db.nextSequence)
            onRollback { db in
                db.liveJobs[id] = nil
                db.finishedJobs[id] = packed
                db.nextSequence -= 1
            }
        }
        track(from: old, to: job)
        if job.state == .leased, let deadline = job.lease?.deadline, deadline != old.lease?.deadline || old.state != .leased {
            // A rolled-back entry is harmless: it is dead once the job's deadline differs from it.
            db.deadlines.push(.init(deadline: deadline, jobID: id))
        }
        if job.state == .queued && old.state != .queued { enqueue(id) }
    }

    func nextQueuedJob(models: [String]?, excluding: Set<String>) throws -> Job? {
        let db = self.db
        let entry = db.queue.best(models: models, skipping: excluding) { entry in
            guard let live = db.liveJobs[entry.jobID] else { return false }
            return live.enqueue == entry.enqueue && live.job.state == .queued
        }
        return entry.flatMap { db.liveJobs[$0.jobID]?.job }
    }

    func expiredLeases(at now: Date, limit: Int) throws -> [Job] {
        let db = self.db
        return db.deadlines.lapsed(at: now, limit: limit) { entry in
            guard let job = db.liveJobs[entry.jobID]?.job, job.state == .leased else { return false }
            return job.lease?.deadline == entry.deadline
        }.compactMap { db.liveJobs[$0.jobID]?.job }
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
                if let miner = from.minerID { db.leasedByMiner[miner]?.remove(from.id) }
            }
        }
        if let to {
            db.stateCounts[to.state, default: 0] += 1
            if to.state == .leased {
                if let miner = to.minerID { db.leasedByMiner[miner, default: []].insert(to.id) }
            }
        }
    }

    /// Gives the live job `id` a new enqueue number and a queue index entry at its queue position.
    private func enqueue(_ id: String) {
        guard let live = db.liveJobs[id] else { return }
        let number = db.nextEnqueue
        db.nextEnqueue += 1
        db.liveJobs[id]!.enqueue = number
        onRollback { db in db.liveJobs[id]?.enqueue = live.enqueue }
        let position = QueuePosition(priority: live.job.priority, sequence: live.sequence)
        db.queue.push(.init(position: position, enqueue: number, jobID: id), model: live.job.model)
    }
}
