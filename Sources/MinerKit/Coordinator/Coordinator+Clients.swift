import Foundation

extension Coordinator {
    /// Creates a client API key named `name`. The returned ``APIKey`` is the only time the key text
    /// exists outside the client: the store keeps its hash.
    public func createClientKey(name: String) async throws -> (ClientKeyRecord, APIKey) {
        let key = APIKey.generate()
        let record = ClientKeyRecord(id: "ck_" + RandomID.hex(bytes: 8), name: name, keyHash: key.hash,
                                     createdAt: clock.now())
        try await store.write { db in try await db.insert(record) }
        return (record, key)
    }

    /// Registers an existing client key text (for example a dev key from configuration) under `name`;
    /// a key already registered is returned unchanged, a miner's key is refused (409 `api_key_in_use`).
    @discardableResult
    public func importClientKey(_ key: APIKey, name: String) async throws -> ClientKeyRecord {
        let now = clock.now()
        return try await store.write { db in
            try await db.lockKeys()
            if let existing = try await db.clientKey(hash: key.hash) { return existing }
            guard try await db.miners(apiKeyHash: key.hash, limit: 1).isEmpty else {
                throw MinerKitError(.conflict, code: "api_key_in_use", "this key is a miner's API key; a client needs a key of its own")
            }
            let record = ClientKeyRecord(id: "ck_" + RandomID.hex(bytes: 8), name: name, keyHash: key.hash, createdAt: now)
            try await db.insert(record)
            return record
        }
    }

    /// The client the credentials authenticate (401 otherwise).
    public func authenticateClient(_ credentials: ClientCredentials) async throws -> ClientKeyRecord {
        try await store.read { db in try await knownClients.client(credentials, at: self.clock.now(), in: db) }
    }

    /// Submits a job for the authenticated client (the submission's `client` is replaced by the key's
    /// id) and wakes one waiting miner that serves its model. A client that may retry the submit passes
    /// an idempotency key to ``submitJob(_:credentials:idempotencyKey:)`` instead.
    public func submitJob(_ submission: JobSubmission, credentials: ClientCredentials) async throws -> Job {
        try await submitJob(submission, credentials: credentials, idempotencyKey: nil).job
    }

    /// One of the client's jobs; another client's job is not found.
    public func job(id: String, credentials: ClientCredentials) async throws -> Job {
        try await store.read { db in
            let client = try await knownClients.client(credentials, at: self.clock.now(), in: db)
            return try await Self.ownedJob(id, by: client, in: db)
        }
    }

    /// The signed receipt of one of the client's jobs: 404 `job_not_found` for a job that is not the
    /// client's, 404 `receipt_not_found` while the job has no receipt (it is not completed).
    public func receipt(jobID: String, credentials: ClientCredentials) async throws -> Receipt {
        try await store.read { db in
            let client = try await knownClients.client(credentials, at: self.clock.now(), in: db)
            let job = try await Self.ownedJob(jobID, by: client, in: db)
            guard let record = try await db.receipt(jobID: job.id) else {
                throw MinerKitError(.notFound, code: "receipt_not_found",
                                    "job \(jobID) has no receipt yet (it is \(job.state.apiName))")
            }
            return record.receipt
        }
    }

    /// The client's jobs, newest first (`query.client` is forced to the caller).
    public func jobs(_ query: JobQuery, credentials: ClientCredentials) async throws -> [Job] {
        try await store.read { db in
            var query = query
            query.client = try await knownClients.client(credentials, at: self.clock.now(), in: db).id
            return try await db.jobs(query)
        }
    }

    /// Cancels one of the client's jobs. A completed (or otherwise final) job is a conflict; a miner
    /// still working a cancelled job has its result refused.
    public func cancelJob(id: String, credentials: ClientCredentials, reason: String? = nil) async throws -> Job {
        let now = clock.now()
        return try await store.write { db in
            let client = try await knownClients.client(credentials, at: self.clock.now(), in: db)
            var job = try await Self.ownedJob(id, by: client, in: db)
            try JobLifecycle.cancel(&job, reason: reason ?? "cancelled by client", at: now)
            try await db.update(job)
            return job
        }
    }

    static func ownedJob(_ id: String, by client: ClientKeyRecord, in db: any StoreReader) async throws -> Job {
        guard let job = try await db.job(id: id), job.client == client.id else {
            throw MinerKitError(.notFound, code: "job_not_found", "no job with id \(id)")
        }
        return job
    }
}
