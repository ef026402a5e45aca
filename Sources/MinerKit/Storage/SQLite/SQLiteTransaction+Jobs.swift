import Foundation

extension SQLiteTransaction: JobWriting {
    private static let columns = """
        id, client, model, input, params, price, priority, state, attempts, lease_miner, lease_token,
        lease_granted_at, lease_deadline, result, result_hash, metrics, failure_reason, created_at,
        updated_at, started_at, finished_at, lease_acknowledged
        """

    func job(id: String) throws -> Job? {
        try connection.statement("SELECT \(Self.columns) FROM jobs WHERE id = ?", id).firstRow(Self.decode)
    }

    func leasedJobs(minerID: String) throws -> [Job] {
        try connection.statement(
            "SELECT \(Self.columns) FROM jobs WHERE state = 'leased' AND lease_miner = ? ORDER BY created_at", minerID)
            .rows(Self.decode)
    }

    func insert(_ job: Job) throws {
        let statement = try connection.statement("""
            INSERT INTO jobs (\(Self.columns), queue_seq)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, (SELECT IFNULL(MAX(queue_seq), 0) + 1 FROM jobs))
            """)
        Self.bind(job, to: statement)
        // The primary key refuses a duplicate id; no read first.
        try SQLiteError.onConstraint(MinerKitError(.conflict, code: "job_exists", "a job with id \(job.id) already exists")) {
            try statement.run()
        }
    }

    func update(_ job: Job) throws {
        // Only what a job's progress changes is written: naming the columns a job is fixed by (id,
        // client, created_at) would make SQLite rewrite their index entries on every state move.
        // The placeholders are numbered as in ``bind(_:to:)``'s column order, so one binding serves both.
        let statement = try connection.statement("""
            UPDATE jobs SET price = ?6, priority = ?7, state = ?8, attempts = ?9, lease_miner = ?10,
            lease_token = ?11, lease_granted_at = ?12, lease_deadline = ?13, result = ?14, result_hash = ?15,
            metrics = ?16, failure_reason = ?17, updated_at = ?19, started_at = ?20, finished_at = ?21,
            lease_acknowledged = ?22
            WHERE id = ?1
            """)
        statement.bind(1, job.id)
        Self.bindProgress(job, to: statement)
        guard try statement.run() == 1 else {
            throw MinerKitError(.notFound, code: "job_not_found", "no job with id \(job.id)")
        }
    }

    func nextQueuedJob(models: [String]?, excluding: Set<String>) throws -> Job? {
        // Passed-over ids travel as one JSON array, so the statement text (and its cache entry) is one.
        let passing = excluding.isEmpty ? "" : " AND id NOT IN (SELECT value FROM json_each(?))"
        let excluded = JSONValue.array(excluding.sorted().map(JSONValue.string)).jsonString()
        guard let models else {
            let statement = try connection.statement("""
                SELECT \(Self.columns), queue_seq FROM jobs INDEXED BY jobs_dispatch WHERE state = 'queued'\(passing)
                ORDER BY priority DESC, queue_seq LIMIT 1
                """)
            if !excluding.isEmpty { statement.bind(1, excluded) }
            return try statement.step() ? Self.decode(statement) : nil
        }
        // One indexed probe per model, then the first of those in dispatch order: as cheap as a single
        // model's lookup, and the same order as one query over all models.
        var best: (job: Job, position: QueuePosition)?
        for model in models {
            let statement = try connection.statement("""
                SELECT \(Self.columns), queue_seq FROM jobs INDEXED BY jobs_dispatch_model
                WHERE state = 'queued' AND model = ?\(passing) ORDER BY priority DESC, queue_seq LIMIT 1
                """)
            statement.bind(1, model)
            if !excluding.isEmpty { statement.bind(2, excluded) }
            guard try statement.step() else { continue }
            let job = try Self.decode(statement)
            let position = QueuePosition(priority: job.priority, sequence: statement.int64(22))
            if best.map({ position < $0.position }) ?? true { best = (job, position) }
        }
        return best?.job
    }

    func expiredLeases(at now: Date, limit: Int) throws -> [Job] {
        try connection.statement("""
            SELECT \(Self.columns) FROM jobs WHERE state = 'leased' AND lease_deadline <= ?
            ORDER BY lease_deadline LIMIT ?
            """, now, limit).rows(Self.decode)
    }

    // MARK: Row mapping

    /// The columns a job is read from, in ``decodedJob(_:)``'s order (for listings in other files).
    static var jobColumns: String { columns }

    /// The job in a row selected with ``jobColumns`` first.
    static func decodedJob(_ s: SQLiteStatement) throws -> Job { try decode(s) }

    /// Binds all of `job` in ``columns`` order (?1 to ?22).
    private static func bind(_ job: Job, to s: SQLiteStatement) {
        s.bind(1, job.id)
        s.bind(2, job.client)
        s.bind(3, job.model)
        s.bind(4, job.input)
        s.bind(5, job.params.jsonString())
        s.bind(18, job.createdAt)
        bindProgress(job, to: s)
    }

    /// Binds what a job's progress changes, at its ``columns`` positions (?6 to ?17, ?19 to ?22).
    private static func bindProgress(_ job: Job, to s: SQLiteStatement) {
        s.bind(6, job.price)
        s.bind(7, job.priority)
        s.bind(8, job.state.rawValue)
        s.bind(9, job.attempts)
        s.bind(10, job.lease?.minerID)
        s.bind(11, job.lease?.token)
        s.bind(12, job.lease?.grantedAt)
        s.bind(13, job.lease?.deadline)
        s.bind(14, job.result)
        s.bind(15, job.resultHash)
        s.bind(16, job.metrics?.jsonString())
        s.bind(17, job.failureReason)
        s.bind(19, job.updatedAt)
        s.bind(20, job.startedAt)
        s.bind(21, job.finishedAt)
        s.bind(22, job.lease.map { $0.acknowledged ? 1 : 0 } ?? 1)
    }

    private static func decode(_ s: SQLiteStatement) throws -> Job {
        guard let state = JobState(rawValue: s.string(7)) else {
            throw MinerKitError(.storage, code: "database_corrupt", "job \(s.string(0)) has unknown state '\(s.string(7))'")
        }
        var job = Job(id: s.string(0), client: s.string(1), model: s.string(2), input: s.string(3),
                      params: JSONValue(jsonString: s.string(4)) ?? .null, price: s.double(5),
                      priority: s.int(6), createdAt: s.date(17))
        job.state = state
        job.attempts = s.int(8)
        if let miner = s.optionalString(9), let granted = s.optionalDate(11), let deadline = s.optionalDate(12) {
            job.lease = Lease(jobID: job.id, minerID: miner, token: s.int64(10), grantedAt: granted, deadline: deadline,
                              acknowledged: s.int(21) != 0)
        }
        job.result = s.optionalString(13)
        job.resultHash = s.optionalString(14)
        job.metrics = s.optionalString(15).flatMap(JSONValue.init(jsonString:))
        job.failureReason = s.optionalString(16)
        job.updatedAt = s.date(18)
        job.startedAt = s.optionalDate(19)
        job.finishedAt = s.optionalDate(20)
        return job
    }
}
