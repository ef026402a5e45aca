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
    /// touches its leases. A key brought by a new miner must be no other miner's and no client's (409
    /// `api_key_in_use`), so that a key always finds one miner.
    public func registerMiner(_ registration: MinerRegistration, credentials: MinerCredentials) async throws -> MinerEnrollment {
        try MinerRules.validate(registration)
        let now = clock.now()
        let requestedID = registration.minerID ?? credentials.minerID ?? credentials.signedRequest?.key
        if let requestedID { try MinerRules.validateID(requestedID) }
        let signer = try await verifySignature(credentials)
        if let requestedID, try await store.read({ db in try await db.miner(id: requestedID) }) != nil {
            guard credentials.apiKey != nil || credentials.signedRequest != nil else {
                throw Self.minerExists(requestedID)
            }
            let admission = try await admit(try credentials.acting(as: requestedID), signer: signer, .request)
            return try await store.write { db in
                let existing = try await admission.miner(in: db)
                let miner = MinerRules.reregister(existing, with: registration, at: now)
                try await db.save(miner)
                return MinerEnrollment(miner: miner, apiKey: nil, created: false)
            }
        }
        let id = requestedID ?? ("miner_" + RandomID.hex(bytes: 8))
        let brought = signer == nil ? try credentials.apiKey.map { try APIKey($0) } : nil
        let issued = signer == nil && brought == nil ? APIKey.generate() : nil
        let miner = MinerRules.newMiner(registration, id: id, keyHash: (brought ?? issued)?.hash, signer: signer, at: now)
        try await store.write { db in
            // Registered by another request since the check above.
            guard try await db.miner(id: id) == nil else { throw Self.minerExists(id) }
            if let brought { try await Self.requireUnused(brought, db) }
            try await db.save(miner)
        }
        return MinerEnrollment(miner: miner, apiKey: issued, created: true)
    }

    /// Provisions a miner and its API key for an operator (`minerkit keys miner create`): the miner is
    /// `pending` until it registers or heartbeats with the key, which is returned this once (only its
    /// hash is kept). An existing id is 409 `miner_exists`.
    public func createMinerKey(minerID: String? = nil, name: String? = nil) async throws -> (Miner, APIKey) {
        let id = minerID ?? ("miner_" + RandomID.hex(bytes: 8))
        try MinerRules.validateID(id)
        let key = APIKey.generate()
        let miner = MinerRules.newMiner(MinerRegistration(minerID: id, name: name, initialStatus: .pending), id: id,
                                        keyHash: key.hash, at: clock.now())
        try await store.write { db in
            guard try await db.miner(id: id) == nil else { throw Self.minerExists(id) }
            try await db.save(miner)
        }
        return (miner, key)
    }

    private static func minerExists(_ id: String) -> MinerKitError {
        MinerKitError(.conflict, code: "miner_exists", "miner \(id) is already registered; re-register with its credentials")
    }

    /// A key a new miner brings must not be anyone's already (checked under ``ClientKeyWriting/lockKeys()``,
    /// so two nodes cannot both find it free).
    static func requireUnused(_ key: APIKey, _ db: any StoreWriter) async throws {
        try await db.lockKeys()
        guard try await db.miners(apiKeyHash: key.hash, limit: 1).isEmpty,
              try await db.clientKey(hash: key.hash) == nil else {
            throw MinerKitError(.conflict, code: "api_key_in_use",
                                "this API key already belongs to a miner or a client; register with that miner's id, or without a key to get a new one")
        }
    }

    /// Updates the authenticated miner's listing.
    public func updateMiner(_ update: MinerUpdate, credentials: MinerCredentials) async throws -> Miner {
        try MinerRules.validate(update)
        let admission = try await admit(credentials, .request)
        return try await store.write { db in
            let miner = MinerRules.apply(update, to: try await admission.miner(in: db))
            try await db.save(miner)
            return miner
        }
    }

    /// Records that the miner is alive: it becomes `active`, the live leases it knows about are renewed
    /// for another heartbeat timeout, and `report` is kept for operators.
    ///
    /// Which leases are renewed (``LeaseAcknowledgement``): with `job_ids`, exactly the named ones, and
    /// an unnamed polled lease lapses at its first deadline; otherwise the acknowledged ones, plus as many
    /// unacknowledged ones (oldest first) as `inflight` counts beyond the acknowledged, and the other
    /// unacknowledged ones are held until their bound (``CoordinatorConfiguration/maxJobSeconds``).
    /// `jobs_assigned` counts the renewed and held leases. An `inflight` outside 0...2^31 - 1 is 422
    /// `validation_error`.
    public func heartbeat(credentials: MinerCredentials, report: HeartbeatReport = HeartbeatReport()) async throws -> HeartbeatStatus {
        try MinerRules.validate(report)
        let now = clock.now()
        let duration = configuration.heartbeatTimeout
        let admission = try await admit(credentials, .request)
        let status = try await store.write { db in
            var miner = try await admission.miner(in: db)
            miner.status = .active
            miner.lastHeartbeat = now
            if report != HeartbeatReport(), case .object(var attributes) = miner.attributes {
                attributes["last_report"] = .object([
                    "inflight": report.inflight.map { .number(Double($0)) } ?? .null,
                    "job_ids": report.jobIDs.map { .number(Double($0.count)) } ?? .null,
                    "status": report.status.map(JSONValue.string) ?? .null,
                    "metadata": report.metadata ?? .null,
                ])
                miner.attributes = .object(attributes)
            }
            try await db.save(miner)
            let live = try await db.leasedJobs(minerID: miner.id).filter { $0.lease?.isLive(at: now) == true }
            let plan = LeaseAcknowledgement.plan(live, report: report)
            for var job in plan.renewed {
                try JobLifecycle.renew(&job, by: miner.id, token: job.lease?.token ?? 0, at: now, duration: duration)
                try await db.update(job)
            }
            for var job in plan.held {
                guard let lease = job.lease else { continue }
                let bound = LeaseAcknowledgement.bound(grantedAt: lease.grantedAt, self.configuration)
                let deadline = max(lease.deadline, min(now.addingTimeInterval(duration), bound))
                guard deadline != lease.deadline else { continue }
                job.lease?.deadline = deadline
                job.updatedAt = now
                try await db.update(job)
            }
            for var job in plan.disowned {
                guard let lease = job.lease else { continue }
                let first = lease.grantedAt.addingTimeInterval(duration)
                guard first < lease.deadline else { continue }
                job.lease?.deadline = first
                job.updatedAt = now
                try await db.update(job)
            }
            let assigned = plan.renewed.count + plan.held.count
            return HeartbeatStatus(status: "ok", jobsAssigned: assigned, queueLength: try await db.jobCount(state: .queued))
        }
        if status.jobsAssigned > 0 { observer?.observe(.leasesRenewed(count: status.jobsAssigned)) }
        return status
    }

    // MARK: Finding and leasing work

    /// The job the miner would get next (one it can run), without leasing it (`nil` when none is queued for it).
    public func nextAvailableJob(credentials: MinerCredentials) async throws -> Job? {
        let now = clock.now()
        let admission = try await admit(credentials, .request)
        let reap = requestReapDue(at: now)
        let (job, requeued) = try await store.write { db in
            let miner = try await admission.miner(in: db)
            let requeued = reap ? try await self.reapExpired(db, at: now) : []
            let next = try await self.queue.nextQueued(db, models: MinerRules.models(of: miner)) { MinerRules.canRun(miner, $0) }
            return (next, requeued)
        }
        await announce(requeued)
        reportLapsed(requeued)
        return job
    }

    /// Up to `limit` queued jobs the miner can run (it serves the model and its registered GPUs satisfy
    /// the job's ``JobRequirements``), newest first (a bounded scan of the queue).
    public func availableJobs(credentials: MinerCredentials, limit: Int = 20) async throws -> [Job] {
        let admission = try await admit(credentials, .request)
        return try await store.read { db in
            let miner = try await admission.miner(in: db)
            var out: [Job] = []
            for page in 0..<5 where out.count < limit {
                let jobs = try await db.jobs(JobQuery(state: .queued, limit: 200, offset: page * 200))
                out += jobs.filter { MinerRules.canRun(miner, $0) }
                if jobs.count < 200 { break }
            }
            return Array(out.prefix(limit))
        }
    }

    /// Leases the named job to the authenticated miner. A job already leased (or final) is 409
    /// `job_already_claimed`; a miner at its concurrency limit is 409 `miner_at_capacity`.
    public func claim(jobID: String, credentials: MinerCredentials) async throws -> LeasedJob {
        let now = clock.now()
        let admission = try await admit(credentials, .jobOperation)
        let reap = requestReapDue(at: now)
        // A lease may commit without waiting for its flush: see CommitDurability.deferred.
        let (leased, requeued) = try await store.write(.deferred) { db in
            db.willReadJob(id: jobID)
            let miner = try await admission.miner(in: db)
            let requeued = reap ? try await self.reapExpired(db, at: now) : []
            try MinerRules.requireCanLease(miner, holding: try await db.leasedJobs(minerID: miner.id).count)
            let current = try await JobQueue.require(jobID, in: db)
            guard miner.serves(current.model) else {
                throw MinerKitError(.conflict, code: "model_not_served", "miner \(miner.id) does not serve \(current.model)")
            }
            guard MinerRules.canRun(miner, current) else {
                throw MinerKitError(.conflict, code: "gpu_not_satisfied",
                                    "job \(jobID) needs GPUs miner \(miner.id) has not registered")
            }
            let job = try await self.queue.lease(db, job: current, minerID: miner.id, at: now)
            try await self.touch(miner, db, at: now)
            return (try LeasedJob(holding: job), requeued)
        }
        await announce(requeued)
        reportLapsed(requeued)
        observer?.observe(.leaseGranted(model: leased.job.model))
        return leased
    }

    /// Leases the next job for the miner, waiting up to `maxWait` seconds (capped by the
    /// configuration's long-poll bound, and answered ``CoordinatorConfiguration/longPollMargin`` early)
    /// for one to arrive. `nil` when none came in time or the miner is at its concurrency limit.
    /// Waiting miners are served longest-waiting first. The poll costs one request; a leased job also
    /// costs a job operation (over that budget, the job goes back to the queue and the poll is refused
    /// with 429). The lease is unacknowledged until the miner shows it knows it (see ``heartbeat``); it
    /// lasts one heartbeat timeout for a miner that names its jobs, else until its bound. A poll from a
    /// miner at its concurrency limit first gives back its unacknowledged leases (``LeaseAcknowledgement``).
    /// A cancelled poll (its client has gone) leases nothing: it throws `CancellationError`.
    public func poll(credentials: MinerCredentials, maxWait: TimeInterval = 0) async throws -> LeasedJob? {
        let wait = max(0, min(maxWait, configuration.maxLongPoll) - configuration.longPollMargin)
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(wait * 1000)))
        let admission = try await admit(credentials, .request)
        while true {
            try Task.checkCancellation()
            let generation = coordination.wakeUps.generation
            let (leased, models) = try await leaseNext(admission)
            if let leased {
                try await chargeLease(leased)
                return leased
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero, let models, !isDraining else { return nil }
            pollsWaiting.add(1, ordering: .relaxed)
            await coordination.wakeUps.wait(models: models.isEmpty ? nil : models, since: generation, timeout: remaining)
            pollsWaiting.subtract(1, ordering: .relaxed)
            try Task.checkCancellation()
        }
    }

    /// One leasing attempt, through ``JobQueue``'s dispatch. Returns the lease, or the miner's models to
    /// wait on (`nil`: do not wait).
    private func leaseNext(_ admission: MinerAdmission) async throws -> (LeasedJob?, [String]?) {
        let now = clock.now()
        let reap = requestReapDue(at: now)
        let (result, requeued, released) = try await store.write(.deferred) { db -> ((LeasedJob?, [String]?), [Job], [Job]) in
            let miner = try await admission.miner(in: db)
            try MinerRules.requireActive(miner)
            let requeued = reap ? try await self.reapExpired(db, at: now) : []
            let holding = try await db.leasedJobs(minerID: miner.id)
            var released: [Job] = []
            if holding.count >= miner.maxConcurrent {
                // Asking for work it has no room for: the miner does not know its unacknowledged leases.
                released = try await self.releaseUnknown(holding, minerID: miner.id, db, at: now)
                guard !released.isEmpty else { return ((nil, nil), requeued, []) }
            }
            let models = MinerRules.models(of: miner)
            let duration = LeaseAcknowledgement.namesJobs(miner) ? self.configuration.heartbeatTimeout : self.configuration.maxJobSeconds
            guard let job = try await self.queue.leaseNext(db, minerID: miner.id, models: models, at: now, acknowledged: false,
                                                           duration: duration,
                                                           eligible: { MinerRules.canRun(miner, $0) }) else {
                return ((nil, models ?? []), requeued, released)
            }
            try await self.touch(miner, db, at: now)
            return ((try LeasedJob(holding: job), nil), requeued, released)
        }
        await announce(requeued + released.filter { $0.id != result.0?.job.id })
        reportLapsed(requeued)
        if let leased = result.0 { observer?.observe(.leaseGranted(model: leased.job.model)) }
        return result
    }

    /// Gives back, unworked and with no attempt counted, the live unacknowledged leases among
    /// `holding` (see ``LeaseAcknowledgement``); returns the jobs queued again.
    private func releaseUnknown(_ holding: [Job], minerID: String, _ db: any StoreWriter, at now: Date) async throws -> [Job] {
        var released: [Job] = []
        for var job in holding where job.lease?.acknowledged == false && job.lease?.isLive(at: now) == true {
            try JobLifecycle.release(&job, by: minerID, token: job.lease?.token ?? 0, at: now)
            try await db.update(job)
            released.append(job)
        }
        return released
    }

    /// Charges a polled lease's job operation; over budget, the job is released unworked (no attempt
    /// counted) and the refusal is thrown.
    private func chargeLease(_ leased: LeasedJob) async throws {
        do {
            try await limiter.admit(leased.lease.minerID, .jobOperationOnly)
        } catch {
            await releaseUndelivered(leased)
            throw error
        }
    }

    /// Gives back a lease whose answer never reached the miner (its connection closed before or while
    /// the answer was written): the job is queued again at once, no attempt counted, and a waiting
    /// miner is woken. Best effort: a lease already completed or lapsed is left as it is.
    public func releaseUndelivered(_ leased: LeasedJob) async {
        let released = try? await queue.release(jobID: leased.job.id, minerID: leased.lease.minerID, token: leased.lease.token)
        await announce(released.map { [$0] } ?? [])
    }

    // MARK: Results

    /// Accepts the result of the miner holding the job's live lease (with the current fencing token)
    /// and returns the signed receipt, issued in the same transaction. A second completion, a result
    /// after expiry or cancellation, or one from another miner is 409 and changes nothing. An `offline`
    /// miner's result makes it `active` again.
    public func complete(jobID: String, report: JobResultReport, credentials: MinerCredentials) async throws -> Receipt {
        try ReportedUsage.validate(report.metrics)
        let now = clock.now()
        let admission = try await admit(credentials, .jobOperation)
        let receipt = try await store.write { db in
            db.willReadJob(id: jobID)
            let miner = try await admission.miner(in: db)
            var job = try await JobQueue.require(jobID, in: db)
            if let earned = try await Self.replayedReceipt(of: job, minerID: miner.id, report: report, db) { return earned }
            let token = report.leaseToken ?? job.lease?.token ?? 0
            job = try await self.queue.complete(db, job: job, minerID: miner.id, token: token, result: report.result,
                                                resultHash: report.resultHash, metrics: report.metrics, at: now)
            try await self.wake(miner, db, at: now)
            return try await self.issueReceipt(for: job, db, at: now)
        }
        recentReceipts.remember(receipt)
        observer?.observe(.receiptIssued)
        return receipt
    }

    /// A miner that retries a completion whose response it lost gets the receipt it already earned:
    /// same miner, same lease token, same result hash. Anything else is not a replay and is judged
    /// (and refused) as a new completion.
    static func replayedReceipt(of job: Job, minerID: String, report: JobResultReport,
                                _ db: any StoreReader) async throws -> Receipt? {
        guard job.state == .completed, let lease = job.lease, lease.minerID == minerID,
              report.leaseToken.map({ $0 == lease.token }) ?? true,
              let hash = report.resultHash ?? report.result.map(ResultDigest.of), hash == job.resultHash
        else { return nil }
        return try await db.receipt(jobID: job.id)?.receipt
    }

    /// Why a job failed when its miner gave no reason.
    public static let defaultFailureReason = "failed by miner"

    /// The lease holder reports a failure. A retryable failure requeues the job until the attempt
    /// limit; otherwise the job fails for good with `reason` (``defaultFailureReason`` when `nil`).
    @discardableResult
    public func fail(jobID: String, reason: String?, retryable: Bool = false, leaseToken: Int64? = nil,
                     credentials: MinerCredentials) async throws -> Job {
        let reason = reason ?? Self.defaultFailureReason
        let now = clock.now()
        let admission = try await admit(credentials, .jobOperation)
        let job = try await store.write { db in
            db.willReadJob(id: jobID)
            let miner = try await admission.miner(in: db)
            let current = try await JobQueue.require(jobID, in: db)
            let job = try await self.queue.fail(db, job: current, minerID: miner.id,
                                                token: leaseToken ?? current.lease?.token ?? 0,
                                                reason: String(reason.prefix(1000)), retryable: retryable, at: now)
            try await db.accumulate(MinerStats(minerID: miner.id, failed: 1))
            return job
        }
        await announce([job])
        return job
    }

    /// The miner's outcome counters (its own only).
    public func stats(credentials: MinerCredentials) async throws -> MinerStats {
        let admission = try await admit(credentials, .request)
        return try await store.read { db in
            let miner = try await admission.miner(in: db)
            return try await db.minerStats(id: miner.id) ?? MinerStats(minerID: miner.id)
        }
    }

    // MARK: Authentication (once per request, outside units of work)

    /// Authenticates the miner and charges its rate limit once. A signed request is verified and
    /// recorded against replays here, exactly once. The credentials are checked against the stored
    /// miner before the charge, so a wrong key costs its miner nothing: by a read of its own, or, for
    /// credentials this process has seen succeed, by ``VerifiedMiners`` without one. The unit of work
    /// that follows checks them again, purely, with ``MinerAdmission/miner(in:)``.
    func admit(_ credentials: MinerCredentials, signer: AuthenticatedKey? = nil,
               _ operation: RateLimiter.Operation) async throws -> MinerAdmission {
        let verified: AuthenticatedKey?
        if let signer { verified = signer } else { verified = try await verifySignature(credentials) }
        let minerID: String
        if let known = verifiedMiners.match(credentials, signer: verified) {
            minerID = known
        } else {
            let miner = try await store.read { db in try await CredentialCheck.miner(credentials, signer: verified, in: db) }
            verifiedMiners.remember(miner)
            minerID = miner.id
        }
        try await limiter.admit(minerID, operation)
        return MinerAdmission(credentials: credentials, signer: verified)
    }

    /// The verified signer of a signed request (`nil` when the request is not signed).
    private func verifySignature(_ credentials: MinerCredentials) async throws -> AuthenticatedKey? {
        guard let signed = credentials.signedRequest else { return nil }
        return try await signatures.authenticate(key: signed.key, timestamp: signed.timestamp, signature: signed.signature)
    }

    // MARK: Steps inside a unit of work

    /// A lease is proof of life: the miner's last-seen time moves, so its leases and its heartbeat
    /// timeout start together (to within ``touchResolution``: a miner leasing many jobs a second has its
    /// row rewritten once a second, not once a lease).
    private func touch(_ miner: Miner, _ db: any StoreWriter, at now: Date) async throws {
        guard now.timeIntervalSince(miner.lastHeartbeat) >= Self.touchResolution else { return }
        var miner = miner
        miner.lastHeartbeat = now
        try await db.save(miner)
    }

    /// A result is proof of life too: a miner marked `offline` while it worked silently on a held lease
    /// (see ``LeaseAcknowledgement``) is `active` again, so its next poll is served.
    private func wake(_ miner: Miner, _ db: any StoreWriter, at now: Date) async throws {
        guard miner.status == .offline else { return }
        var miner = miner
        miner.status = .active
        miner.lastHeartbeat = now
        try await db.save(miner)
    }

    /// The least time between two rewrites of a miner's last-seen time by its leases, in seconds.
    static let touchResolution: TimeInterval = 1

    /// Issues, stores and counts the receipt of a just-completed job; seals a block when one is full.
    private func issueReceipt(for job: Job, _ db: any StoreWriter, at now: Date) async throws -> Receipt {
        let receipt = try issuer.issue(for: job)
        let leaf = try MerkleTree.leafHash(of: receipt.document)
        // The counters first: a store that batches writes (PostgreSQL) sends them with the receipt.
        try await db.accumulate(MinerStats(minerID: receipt.provider, completed: 1,
                                           busySeconds: max(0, now.timeIntervalSince(job.lease?.grantedAt ?? now)),
                                           gpuSeconds: receipt.units, earnings: receipt.price))
        let unsealed = try await db.insertCountingUnsealed(ReceiptRecord(receipt: receipt, txID: Hex.encode(leaf),
                                                                          createdAt: now)).unsealed
        if unsealed >= configuration.blockSize {
            _ = try await sealBlock(db, at: now)
        }
        return receipt
    }
}
