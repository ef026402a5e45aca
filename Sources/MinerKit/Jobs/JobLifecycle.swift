import Foundation

/// The job state machine: every change to a job's state goes through one of these functions.
///
/// Each function checks that the move is allowed and that the caller holds the live lease when one
/// is needed, then mutates the job. A refused move throws a ``MinerKitError`` and leaves the job as it
/// was, so a store can run these inside a transaction and roll back on error.
public enum JobLifecycle {
    /// Whether `from -> to` is a move the machine allows.
    public static func allows(from: JobState, to: JobState) -> Bool {
        switch (from, to) {
        case (.queued, .leased), (.leased, .completed), (.leased, .failed),
             (.leased, .queued), (.queued, .cancelled), (.leased, .cancelled):
            true
        default:
            false
        }
    }

    /// Grants a new lease to `minerID` until `now + duration`; the fencing token grows by one.
    /// `acknowledged` is false for a lease the miner has not yet shown it knows (one handed out by a poll).
    public static func lease(_ job: inout Job, to minerID: String, at now: Date, duration: TimeInterval,
                             acknowledged: Bool = true) throws {
        try move(&job, to: .leased, at: now)
        let token = (job.lease?.token ?? 0) + 1
        job.lease = Lease(jobID: job.id, minerID: minerID, token: token, grantedAt: now,
                          deadline: now.addingTimeInterval(duration), acknowledged: acknowledged)
        job.startedAt = now
    }

    /// Extends the live lease held by `minerID` with `token` to `now + duration`; the miner has shown
    /// it knows the lease, so it counts as acknowledged from now on.
    public static func renew(_ job: inout Job, by minerID: String, token: Int64, at now: Date,
                             duration: TimeInterval) throws {
        try requireLiveLease(job, minerID: minerID, token: token, at: now)
        job.lease?.deadline = now.addingTimeInterval(duration)
        job.lease?.acknowledged = true
        job.updatedAt = now
    }

    /// Records the result of the lease holder and completes the job.
    public static func complete(_ job: inout Job, by minerID: String, token: Int64, result: String?,
                                resultHash: String, metrics: JSONValue?, at now: Date) throws {
        try requireLiveLease(job, minerID: minerID, token: token, at: now)
        try move(&job, to: .completed, at: now)
        job.result = result
        job.resultHash = resultHash
        job.metrics = metrics
        job.finishedAt = now
    }

    /// The lease holder reports a failure. A retryable failure requeues the job (an attempt is counted)
    /// until `maxAttempts`; otherwise, or past the limit, the job fails for good with `reason`.
    public static func fail(_ job: inout Job, by minerID: String, token: Int64, reason: String,
                            retryable: Bool, maxAttempts: Int, at now: Date) throws {
        try requireLiveLease(job, minerID: minerID, token: token, at: now)
        job.attempts += 1
        if retryable && job.attempts < maxAttempts {
            try move(&job, to: .queued, at: now)
        } else {
            try move(&job, to: .failed, at: now)
            job.failureReason = reason
            job.finishedAt = now
        }
    }

    /// The lease holder gives the job back unworked (for example on shutdown); no attempt is counted.
    public static func release(_ job: inout Job, by minerID: String, token: Int64, at now: Date) throws {
        try requireLiveLease(job, minerID: minerID, token: token, at: now)
        try move(&job, to: .queued, at: now)
    }

    /// A lease whose deadline has passed: the job goes back to the queue with an attempt counted, or
    /// fails for good (dead letter) once `maxAttempts` leases have lapsed.
    /// Returns `false` (and changes nothing) when the job is not holding an expired lease.
    @discardableResult
    public static func expire(_ job: inout Job, maxAttempts: Int, at now: Date) throws -> Bool {
        guard job.state == .leased, let lease = job.lease, !lease.isLive(at: now) else { return false }
        job.attempts += 1
        if job.attempts >= maxAttempts {
            try move(&job, to: .failed, at: now)
            job.failureReason = "lease expired \(job.attempts) times (last holder \(lease.minerID)); attempt limit \(maxAttempts) reached"
            job.finishedAt = now
        } else {
            try move(&job, to: .queued, at: now)
        }
        return true
    }

    /// Cancels a queued or leased job. A final job cannot be cancelled (conflict).
    public static func cancel(_ job: inout Job, reason: String?, at now: Date) throws {
        try move(&job, to: .cancelled, at: now)
        job.failureReason = reason
        job.finishedAt = now
    }

    // MARK: - Checks

    /// Throws unless `minerID` holds the job's live lease with exactly `token`.
    public static func requireLiveLease(_ job: Job, minerID: String, token: Int64, at now: Date) throws {
        guard job.state == .leased, let lease = job.lease else {
            throw MinerKitError(.conflict, code: "job_not_leased",
                                "job \(job.id) is \(job.state.apiName), not leased")
        }
        guard lease.minerID == minerID else {
            throw MinerKitError(.conflict, code: "lease_not_held",
                                "job \(job.id) is leased to another miner")
        }
        guard lease.token == token else {
            throw MinerKitError(.conflict, code: "stale_lease_token",
                                "lease token \(token) for job \(job.id) is stale (current \(lease.token))")
        }
        guard lease.isLive(at: now) else {
            throw MinerKitError(.conflict, code: "lease_expired",
                                "the lease on job \(job.id) expired at \(lease.deadline)")
        }
    }

    private static func move(_ job: inout Job, to next: JobState, at now: Date) throws {
        guard allows(from: job.state, to: next) else {
            let code = job.state.isFinal ? "job_\(job.state.rawValue)" : "invalid_transition"
            throw MinerKitError(.conflict, code: code,
                                "job \(job.id) is \(job.state.apiName) and cannot become \(next.apiName)")
        }
        job.state = next
        job.updatedAt = now
    }
}
