import Foundation

/// A submit made with an idempotency key: the job, and whether an earlier submit with the key made it.
public struct SubmittedJob: Sendable, Equatable {
    /// The job the submit made, or the one the key's first submit made (as it is now).
    public var job: Job
    /// `true` when the key had been used before and no job was created.
    public var replayed: Bool
}

extension Coordinator {
    /// How long an idempotency key is kept at least: a retry within this time returns the first job.
    /// Older keys are deleted by ``maintain()`` (up to 1,000 a pass) or ``sweepIdempotencyKeys(limit:)``.
    public static let idempotencyKeyLifetime: TimeInterval = 86_400

    /// Submits a job as ``submitJob(_:credentials:)`` does, exactly once per `idempotencyKey` and client
    /// (the IETF httpapi `Idempotency-Key`, as Stripe uses it):
    /// - a key the client has not used: the job is created and the key stored in the same unit of work;
    /// - the key again with the same submission (``JobSubmission/fingerprint``, compared after defaults
    ///   are applied): the first job, `replayed`, and nothing created or announced;
    /// - the key again with another submission: 422 `idempotency_key_reused`.
    /// Uniqueness is the store's (``IdempotencyWriting/claimIdempotencyKey(_:)``), so it holds across
    /// coordinator nodes sharing a database.
    public func submitJob(_ submission: JobSubmission, credentials: ClientCredentials,
                          idempotencyKey: IdempotencyKey?) async throws -> SubmittedJob {
        try submission.validate(configuration.jobLimits)
        let now = clock.now()
        let fingerprint = idempotencyKey == nil ? nil : submission.fingerprint
        let submitted = try await store.write { db in
            let client = try await knownClients.client(credentials, at: self.clock.now(), in: db).id
            let job = submission.job(for: client, at: now)
            if let idempotencyKey, let fingerprint {
                let record = IdempotencyRecord(client: client, key: idempotencyKey.text, requestHash: fingerprint,
                                               jobID: job.id, createdAt: now)
                if let first = try await db.claimIdempotencyKey(record) {
                    guard first.requestHash == fingerprint else {
                        throw MinerKitError(.validation, code: "idempotency_key_reused",
                                            "Idempotency-Key \(idempotencyKey.text) was first used with a different request "
                                                + "body (for job \(first.jobID)); use a new key for a new job")
                    }
                    guard let firstJob = try await db.job(id: first.jobID) else {
                        throw MinerKitError(.notFound, code: "job_not_found", "job \(first.jobID) no longer exists")
                    }
                    return SubmittedJob(job: firstJob, replayed: true)
                }
            }
            try await db.insert(job)
            return SubmittedJob(job: job, replayed: false)
        }
        if !submitted.replayed { await announce([submitted.job]) }
        return submitted
    }

    /// Deletes up to `limit` idempotency keys older than ``idempotencyKeyLifetime``; returns how many.
    @discardableResult
    public func sweepIdempotencyKeys(limit: Int = 1_000) async throws -> Int {
        let cutoff = clock.now().addingTimeInterval(-Self.idempotencyKeyLifetime)
        return try await store.write { db in try await db.deleteIdempotencyKeys(createdBefore: cutoff, limit: limit) }
    }
}
