import Foundation

extension Coordinator {
    // MARK: Registration

    /// Registers a miner, or re-registers an existing one.
    ///
    /// A new miner gets the API key in `credentials` when it brings a well-formed one (a miner
    /// provisioned with its key), else a fresh key returned once in ``MinerEnrollment/apiKey``. A miner
    /// registering with a signed request is known by that public key instead (no API key; its id
    /// defaults to the `X-Key` value). Re-registering an existing id needs that miner's credentials
    /// (else 409 `miner_exists`) and updates its capabilities, concurrency and attributes; it never
    /// touches its leases.
    public func registerMiner(_ registration: MinerRegistration, credentials: MinerCredentials) async throws -> MinerEnrollment {
        try MinerRules.validate(registration)
        let now = clock.now()
        let requestedID = registration.minerID ?? credentials.minerID ?? credentials.signedRequest?.key
        if let requestedID { try MinerRules.validateID(requestedID) }
        return try await store.write { db in
            if let requestedID, let existing = try db.miner(id: requestedID) {
                guard credentials.apiKey != nil || credentials.signedRequest != nil else {
                    throw MinerKitError(.conflict, code: "miner_exists",
                                        "miner \(requestedID) is already registered; re-register with its credentials")
                }
                _ = try self.authenticate(try credentials.acting(as: requestedID), db, .request)
                let miner = MinerRules.reregister(existing, with: registration, at: now)
                try db.save(miner)
                return MinerEnrollment(miner: miner, apiKey: nil, created: false)
            }
            let id = requestedID ?? ("miner_" + RandomID.hex(bytes: 8))
            if let signed = credentials.signedRequest {
                let signer = try self.signatures.authenticate(key: signed.key, timestamp: signed.timestamp,
                                                              signature: signed.signature)
                let miner = MinerRules.newMiner(registration, id: id, keyHash: nil, signer: signer, at: now)
                try db.save(miner)
                return MinerEnrollment(miner: miner, apiKey: nil, created: true)
            }
            let brought = try credentials.apiKey.map { try APIKey($0) }
            let issued = brought == nil ? APIKey.generate() : nil
            let miner = MinerRules.newMiner(registration, id: id, keyHash: (brought ?? issued)?.hash, at: now)
            try db.save(miner)
            return MinerEnrollment(miner: miner, apiKey: issued, created: true)
        }
    }

    /// Updates the authenticated miner's listing.
    public func updateMiner(_ update: MinerUpdate, credentials: MinerCredentials) async throws -> Miner {
        try MinerRules.validate(update)
        return try await store.write { db in
            var miner = try self.authenticate(credentials, db, .request)
            miner = MinerRules.apply(update, to: miner)
            try db.save(miner)
            return miner
        }
    }

    /// Records that the miner is alive: it becomes `active`, every live lease it holds is renewed for
    /// another heartbeat timeout, and `report` is kept for operators. The jobs the coordinator believes
    /// the miner holds are never taken from the report.
    public func heartbeat(credentials: MinerCredentials, report: HeartbeatReport = HeartbeatReport()) async throws -> HeartbeatStatus {
        let now = clock.now()
        let duration = configuration.heartbeatTimeout
        return try await store.write { db in
            var miner = try self.authenticate(credentials, db, .request)
            miner.status = .active
            miner.lastHeartbeat = now
            if report != HeartbeatReport(), case .object(var attributes) = miner.attributes {
                attributes["last_report"] = .object([
                    "inflight": report.inflight.map { .number(Double($0)) } ?? .null,
                    "status": report.status.map(JSONValue.string) ?? .null,
                    "metadata": report.metadata ?? .null,
                ])
                miner.attributes = .object(attributes)
            }
            try db.save(miner)
            var assigned = 0
            let working = report.jobIDs.map { Set($0.prefix(10_000)) }
            for var job in try db.leasedJobs(minerID: miner.id) {
                guard let lease = job.lease, lease.isLive(at: now) else { continue }
                if let working, !working.contains(job.id) { continue }
                try JobLifecycle.renew(&job, by: miner.id, token: lease.token, at: now, duration: duration)
                try db.update(job)
                assigned += 1
            }
            return HeartbeatStatus(status: "ok", jobsAssigned: assigned, queueLength: try db.jobCount(state: .queued))
        }
    }

    // MARK: Finding and leasing work

    /// The job the miner would get next, without leasing it (`nil` when none is queued for it).
    public func nextAvailableJob(credentials: MinerCredentials) async throws -> Job? {
        let now = clock.now()
        let (job, requeued) = try await store.write { db in
            let miner = try self.authenticate(credentials, db, .request)
            let requeued = try self.reapExpired(db, at: now)
            return (try db.nextQueuedJob(models: MinerRules.models(of: miner)), requeued)
        }
        announce(requeued)
        return job
    }

    /// Up to `limit` queued jobs the miner can run, newest first (a bounded scan of the queue).
    public func availableJobs(credentials: MinerCredentials, limit: Int = 20) async throws -> [Job] {
        try await store.read { db in
            let miner = try self.authenticate(credentials, db, .request)
            var out: [Job] = []
            for page in 0..<5 where out.count < limit {
                let jobs = try db.jobs(JobQuery(state: .queued, limit: 200, offset: page * 200))
                out += jobs.filter { miner.serves($0.model) }
                if jobs.count < 200 { break }
            }
            return Array(out.prefix(limit))
        }
    }

    /// Leases the named job to the authenticated miner. A job already leased (or final) is 409
    /// `job_already_claimed`; a miner at its concurrency limit is 409 `miner_at_capacity`.
    public func claim(jobID: String, credentials: MinerCredentials) async throws -> LeasedJob {
        let now = clock.now()
        let (leased, requeued) = try await store.write { db in
            let miner = try self.authenticate(credentials, db, .jobOperation)
            let requeued = try self.reapExpired(db, at: now)
            try MinerRules.requireCanLease(miner, holding: try db.leasedJobs(minerID: miner.id).count)
            guard let current = try db.job(id: jobID) else {
                throw MinerKitError(.notFound, code: "job_not_found", "no job with id \(jobID)")
            }
            guard miner.serves(current.model) else {
                throw MinerKitError(.conflict, code: "model_not_served", "miner \(miner.id) does not serve \(current.model)")
            }
            let job = try self.queue.lease(db, jobID: jobID, minerID: miner.id, at: now)
            try self.touch(miner, db, at: now)
            return (LeasedJob(job: job, lease: job.lease!), requeued)
        }
        announce(requeued)
        return leased
    }

    /// Leases the next job for the miner, waiting up to `maxWait` seconds (capped by the
    /// configuration's long-poll bound) for one to arrive. `nil` when none came in time or the miner is
    /// at its concurrency limit. Waiting miners are served longest-waiting first.
    public func poll(credentials: MinerCredentials, maxWait: TimeInterval = 0) async throws -> LeasedJob? {
        let wait = max(0, min(maxWait, configuration.maxLongPoll))
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(wait * 1000)))
        var firstAttempt = true
        while true {
            let generation = signal.generation
            let (leased, models) = try await leaseNext(credentials, charge: firstAttempt)
            if let leased { return leased }
            firstAttempt = false
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero, let models else { return nil }
            await signal.wait(models: models.isEmpty ? nil : models, since: generation, timeout: remaining)
            try Task.checkCancellation()
        }
    }

    /// One leasing attempt. Returns the lease, or the miner's models to wait on (`nil`: do not wait).
    private func leaseNext(_ credentials: MinerCredentials, charge: Bool) async throws -> (LeasedJob?, [String]?) {
        let now = clock.now()
        let (result, requeued) = try await store.write { db -> ((LeasedJob?, [String]?), [Job]) in
            let miner = try self.authenticate(credentials, db, charge ? .request : nil)
            try MinerRules.requireActive(miner)
            let requeued = try self.reapExpired(db, at: now)
            guard try db.leasedJobs(minerID: miner.id).count < miner.maxConcurrent else { return ((nil, nil), requeued) }
            let models = MinerRules.models(of: miner)
            guard var job = try db.nextQueuedJob(models: models) else { return ((nil, models ?? []), requeued) }
            try self.limiter.admit(miner.id, .jobOperation)
            try JobLifecycle.lease(&job, to: miner.id, at: now, duration: self.queue.policy.leaseDuration)
            try db.update(job)
            try self.touch(miner, db, at: now)
            return ((LeasedJob(job: job, lease: job.lease!), nil), requeued)
        }
        announce(requeued)
        return result
    }

    // MARK: Results

    /// Accepts the result of the miner holding the job's live lease (with the current fencing token)
    /// and returns the signed receipt, issued in the same transaction. A second completion, a result
    /// after expiry or cancellation, or one from another miner is 409 and changes nothing.
    public func complete(jobID: String, report: JobResultReport, credentials: MinerCredentials) async throws -> Receipt {
        let now = clock.now()
        return try await store.write { db in
            let miner = try self.authenticate(credentials, db, .jobOperation)
            guard var job = try db.job(id: jobID) else {
                throw MinerKitError(.notFound, code: "job_not_found", "no job with id \(jobID)")
            }
            if let earned = try Self.replayedReceipt(of: job, minerID: miner.id, report: report, db) { return earned }
            let token = report.leaseToken ?? job.lease?.token ?? 0
            if let result = report.result {
                job = try self.queue.complete(db, jobID: jobID, minerID: miner.id, token: token, result: result,
                                              resultHash: report.resultHash, metrics: report.metrics, at: now)
            } else {
                guard let hash = report.resultHash, ResultDigest.isWellFormed(hash) else {
                    throw MinerKitError(.validation, code: "validation_error",
                                        "field 'result_hash' must be sha256: followed by 64 hex digits when no result is sent")
                }
                try JobLifecycle.complete(&job, by: miner.id, token: token, result: "", resultHash: hash,
                                          metrics: report.metrics, at: now)
                job.result = nil  // the miner reported only the hash of its result
                try db.update(job)
            }
            return try self.issueReceipt(for: job, db, at: now)
        }
    }

    /// A miner that retries a completion whose response it lost gets the receipt it already earned:
    /// same miner, same lease token, same result hash. Anything else is not a replay and is judged
    /// (and refused) as a new completion.
    static func replayedReceipt(of job: Job, minerID: String, report: JobResultReport,
                                _ db: any StoreReader) throws -> Receipt? {
        guard job.state == .completed, let lease = job.lease, lease.minerID == minerID,
              report.leaseToken.map({ $0 == lease.token }) ?? true,
              let hash = report.resultHash ?? report.result.map(ResultDigest.of), hash == job.resultHash
        else { return nil }
        return try db.receipt(jobID: job.id)?.receipt
    }

    /// The lease holder reports a failure. A retryable failure requeues the job until the attempt
    /// limit; otherwise the job fails for good with `reason`.
    @discardableResult
    public func fail(jobID: String, reason: String, retryable: Bool = false, leaseToken: Int64? = nil,
                     credentials: MinerCredentials) async throws -> Job {
        let now = clock.now()
        let job = try await store.write { db in
            let miner = try self.authenticate(credentials, db, .jobOperation)
            guard var job = try db.job(id: jobID) else {
                throw MinerKitError(.notFound, code: "job_not_found", "no job with id \(jobID)")
            }
            try JobLifecycle.fail(&job, by: miner.id, token: leaseToken ?? job.lease?.token ?? 0,
                                  reason: String(reason.prefix(1000)), retryable: retryable,
                                  maxAttempts: self.queue.policy.maxAttempts, at: now)
            try db.update(job)
            var stats = try db.minerStats(id: miner.id) ?? MinerStats(minerID: miner.id)
            stats.failed += 1
            try db.save(stats)
            return job
        }
        announce([job])
        return job
    }

    /// The miner's outcome counters (its own only).
    public func stats(credentials: MinerCredentials) async throws -> MinerStats {
        try await store.read { db in
            let miner = try self.authenticate(credentials, db, .request)
            return try db.minerStats(id: miner.id) ?? MinerStats(minerID: miner.id)
        }
    }

    // MARK: Steps inside a transaction

    /// Authenticates the miner and charges its rate limit (`nil`: no charge).
    func authenticate(_ credentials: MinerCredentials, _ db: any StoreReader,
                      _ operation: RateLimiter.Operation?) throws -> Miner {
        let miner = try CredentialCheck.miner(credentials, in: db, signatures: signatures)
        if let operation { try limiter.admit(miner.id, operation) }
        return miner
    }

    /// A lease is proof of life: the miner's last-seen time moves, so its leases and its heartbeat
    /// timeout start together.
    private func touch(_ miner: Miner, _ db: any StoreWriter, at now: Date) throws {
        var miner = miner
        miner.lastHeartbeat = now
        try db.save(miner)
    }

    /// Issues, stores and counts the receipt of a just-completed job; seals a block when one is full.
    private func issueReceipt(for job: Job, _ db: any StoreWriter, at now: Date) throws -> Receipt {
        let receipt = try issuer.issue(for: job)
        let leaf = try MerkleTree.leafHash(of: receipt.document)
        _ = try db.insert(ReceiptRecord(receipt: receipt, txID: Hex.encode(leaf), createdAt: now))
        var stats = try db.minerStats(id: receipt.provider) ?? MinerStats(minerID: receipt.provider)
        stats.completed += 1
        stats.busySeconds += max(0, now.timeIntervalSince(job.lease?.grantedAt ?? now))
        stats.gpuSeconds += receipt.units
        stats.earnings += receipt.price
        try db.save(stats)
        if try db.unsealedReceiptCount() >= configuration.blockSize {
            _ = try sealBlock(db, at: now)
        }
        return receipt
    }
}
