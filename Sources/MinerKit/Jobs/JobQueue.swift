import Foundation

/// The job and lease service: submit, lease, renew, complete, fail, release, cancel, and requeue
/// lapsed leases. Each call is one store transaction; the moves themselves are ``JobLifecycle``'s.
///
/// Every operation also has a form that takes an open `StoreWriter`, so a larger service (the
/// coordinator issuing a receipt with a completion) can compose it into its own single transaction.
///
/// ```swift
/// let queue = JobQueue(store: try SQLiteStore(path: "jobs.sqlite"))
/// let job = try await queue.submit(JobSubmission(client: "c1", model: "echo", input: "hi"))
/// if let leased = try await queue.leaseNext(minerID: "m1", models: ["echo"]), let lease = leased.lease {
///     try await queue.complete(jobID: leased.id, minerID: "m1", token: lease.token, result: "hi")
/// }
/// ```
public struct JobQueue: Sendable {
    public let store: any Store
    public let clock: any TimeSource
    public let policy: LeasePolicy
    public let limits: JobLimits

    public init(store: any Store, clock: any TimeSource = SystemTimeSource(),
                policy: LeasePolicy = LeasePolicy(), limits: JobLimits = JobLimits()) {
        self.store = store
        self.clock = clock
        self.policy = policy
        self.limits = limits
    }

    // MARK: Clients

    /// Validates and stores a new queued job.
    public func submit(_ submission: JobSubmission) async throws -> Job {
        try submission.validate(limits)
        let job = submission.job(for: submission.client, at: clock.now())
        try await store.write { db in try await db.insert(job) }
        return job
    }

    /// The job with `id`; not found is an error.
    public func job(id: String) async throws -> Job {
        try await store.read { db in try await Self.require(id, in: db) }
    }

    /// Jobs matching `query`, newest first.
    public func list(_ query: JobQuery) async throws -> [Job] {
        try await store.read { db in try await db.jobs(query) }
    }

    /// Cancels a queued or leased job; a job already final is a conflict.
    public func cancel(jobID: String, reason: String? = nil) async throws -> Job {
        let now = clock.now()
        return try await store.write { db in
            var job = try await Self.require(jobID, in: db)
            try JobLifecycle.cancel(&job, reason: reason, at: now)
            try await db.update(job)
            return job
        }
    }

    // MARK: Miners

    /// Leases the next queued job for a miner serving `models` (any when `nil`), after requeueing a
    /// bounded batch of lapsed leases. `nil` when nothing is queued. The lease commits
    /// ``CommitDurability/deferred``: a lease lost in a crash only makes the job run again.
    public func leaseNext(minerID: String, models: [String]?) async throws -> Job? {
        let now = clock.now()
        return try await store.write(.deferred) { db in
            _ = try await reapExpired(db, at: now)
            return try await leaseNext(db, minerID: minerID, models: models, at: now)
        }
    }

    /// Leases the first queued job among `models` in dispatch order (``QueuePosition``) that `eligible`
    /// accepts, inside an open unit of work; `nil` when none is queued. The one place a job is picked
    /// for a miner. A lease handed out unasked (a poll's) is granted `acknowledged: false` (see
    /// ``Lease/acknowledged``); it lasts `duration` seconds (default: the policy's lease duration).
    public func leaseNext(_ db: any StoreWriter, minerID: String, models: [String]?, at now: Date,
                          acknowledged: Bool = true, duration: TimeInterval? = nil,
                          eligible: (Job) -> Bool = { _ in true }) async throws -> Job? {
        guard var job = try await nextQueued(db, models: models, eligible: eligible) else { return nil }
        try JobLifecycle.lease(&job, to: minerID, at: now, duration: duration ?? policy.leaseDuration, acknowledged: acknowledged)
        try await db.update(job)
        return job
    }

    /// Jobs at most passed over in one pick: past them a miner that can run none gets nothing this time.
    public static let maxPassedOver = 16

    /// The first queued job among `models` in dispatch order that `eligible` accepts, looking past at
    /// most ``maxPassedOver`` jobs it refuses (`nil` when none is found).
    public func nextQueued(_ db: any StoreWriter, models: [String]?,
                           eligible: (Job) -> Bool = { _ in true }) async throws -> Job? {
        var passed: Set<String> = []
        while passed.count <= Self.maxPassedOver {
            guard let job = try await db.nextQueuedJob(models: models, excluding: passed) else { return nil }
            if eligible(job) { return job }
            passed.insert(job.id)
        }
        return nil
    }

    /// Leases one named job; a job that is not queued (already claimed, final) is a conflict. Committed
    /// ``CommitDurability/deferred``, as ``leaseNext(minerID:models:)``.
    public func lease(jobID: String, minerID: String) async throws -> Job {
        let now = clock.now()
        return try await store.write(.deferred) { db in try await lease(db, jobID: jobID, minerID: minerID, at: now) }
    }

    /// ``lease(jobID:minerID:)`` inside an open transaction.
    public func lease(_ db: any StoreWriter, jobID: String, minerID: String, at now: Date) async throws -> Job {
        try await lease(db, job: try await Self.require(jobID, in: db), minerID: minerID, at: now)
    }

    /// The same for a `job` the caller has already read in this unit of work (one read fewer).
    public func lease(_ db: any StoreWriter, job: Job, minerID: String, at now: Date) async throws -> Job {
        var job = job
        if try JobLifecycle.expire(&job, maxAttempts: policy.maxAttempts, at: now) { try await db.update(job) }
        guard job.state == .queued else {
            throw MinerKitError(.conflict, code: "job_already_claimed", "job \(job.id) is \(job.state.apiName), not pending")
        }
        try JobLifecycle.lease(&job, to: minerID, at: now, duration: policy.leaseDuration)
        try await db.update(job)
        return job
    }

    /// Extends the caller's live lease.
    public func renew(jobID: String, minerID: String, token: Int64) async throws -> Job {
        let now = clock.now()
        return try await store.write { db in
            var job = try await Self.require(jobID, in: db)
            try JobLifecycle.renew(&job, by: minerID, token: token, at: now, duration: policy.leaseDuration)
            try await db.update(job)
            return job
        }
    }

    /// Completes the caller's leased job with `result`. `resultHash`, when given, must match the result.
    @discardableResult
    public func complete(jobID: String, minerID: String, token: Int64, result: String,
                         resultHash: String? = nil, metrics: JSONValue? = nil) async throws -> Job {
        let now = clock.now()
        return try await store.write { db in
            try await complete(db, jobID: jobID, minerID: minerID, token: token, result: result,
                         resultHash: resultHash, metrics: metrics, at: now)
        }
    }

    /// ``complete(jobID:minerID:token:result:resultHash:metrics:)`` inside an open transaction.
    public func complete(_ db: any StoreWriter, jobID: String, minerID: String, token: Int64, result: String,
                         resultHash: String?, metrics: JSONValue?, at now: Date) async throws -> Job {
        try await complete(db, job: try await Self.require(jobID, in: db), minerID: minerID, token: token,
                            result: result, resultHash: resultHash, metrics: metrics, at: now)
    }

    /// The same for a `job` the caller has already read in this unit of work (one read fewer). A `nil`
    /// `result` completes with the `resultHash` alone (a miner that reports only its result's digest).
    public func complete(_ db: any StoreWriter, job: Job, minerID: String, token: Int64, result: String?,
                         resultHash: String?, metrics: JSONValue?, at now: Date) async throws -> Job {
        let digest: String
        if let result {
            digest = ResultDigest.of(result)
            if let resultHash, resultHash != digest {
                throw MinerKitError(.validation, code: "result_hash_mismatch",
                                    "result_hash \(resultHash) does not match the result (\(digest))")
            }
        } else {
            guard let resultHash, ResultDigest.isWellFormed(resultHash) else {
                throw MinerKitError(.validation, code: "validation_error",
                                    "field 'result_hash' must be sha256: followed by 64 hex digits when no result is sent")
            }
            digest = resultHash
        }
        var job = job
        try JobLifecycle.complete(&job, by: minerID, token: token, result: result, resultHash: digest,
                                  metrics: metrics, at: now)
        try await db.update(job)
        return job
    }

    /// The lease holder reports a failure; see ``JobLifecycle/fail(_:by:token:reason:retryable:maxAttempts:at:)``.
    @discardableResult
    public func fail(jobID: String, minerID: String, token: Int64, reason: String,
                     retryable: Bool = false) async throws -> Job {
        let now = clock.now()
        return try await store.write { db in
            try await fail(db, job: try await Self.require(jobID, in: db), minerID: minerID, token: token,
                           reason: reason, retryable: retryable, at: now)
        }
    }

    /// ``fail(jobID:minerID:token:reason:retryable:)`` inside an open transaction, for a `job` already read.
    public func fail(_ db: any StoreWriter, job: Job, minerID: String, token: Int64, reason: String,
                     retryable: Bool, at now: Date) async throws -> Job {
        var job = job
        try JobLifecycle.fail(&job, by: minerID, token: token, reason: reason, retryable: retryable,
                              maxAttempts: policy.maxAttempts, at: now)
        try await db.update(job)
        return job
    }

    /// The lease holder gives the job back unworked; no attempt is counted.
    @discardableResult
    public func release(jobID: String, minerID: String, token: Int64) async throws -> Job {
        let now = clock.now()
        return try await store.write { db in
            var job = try await Self.require(jobID, in: db)
            try JobLifecycle.release(&job, by: minerID, token: token, at: now)
            try await db.update(job)
            return job
        }
    }

    // MARK: Housekeeping

    /// Requeues (or dead-letters) up to `policy.reapBatch` lapsed leases; returns the jobs changed.
    @discardableResult
    public func reapExpired() async throws -> [Job] {
        let now = clock.now()
        return try await store.write { db in try await reapExpired(db, at: now) }
    }

    /// ``reapExpired()`` inside an open transaction.
    public func reapExpired(_ db: any StoreWriter, at now: Date) async throws -> [Job] {
        var changed: [Job] = []
        for var job in try await db.expiredLeases(at: now, limit: policy.reapBatch) {
            if try JobLifecycle.expire(&job, maxAttempts: policy.maxAttempts, at: now) {
                try await db.update(job)
                changed.append(job)
            }
        }
        return changed
    }

    static func require(_ id: String, in db: any StoreReader) async throws -> Job {
        guard let job = try await db.job(id: id) else {
            throw MinerKitError(.notFound, code: "job_not_found", "no job with id \(id)")
        }
        return job
    }
}
