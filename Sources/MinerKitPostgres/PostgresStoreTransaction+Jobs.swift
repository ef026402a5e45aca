import Foundation
import MinerKit
import PostgresNIO

extension PostgresStoreTransaction: JobWriting {
    static let jobColumns = """
        id, client, model, input, params, price, priority, state, attempts, lease_miner, lease_token,
        lease_granted_at, lease_deadline, result, result_hash, metrics, failure_reason, created_at,
        updated_at, started_at, finished_at, lease_acknowledged
        """

    func job(id: String) async throws -> Job? {
        if locking, let prefetched = prefetch.job(id: id, statement: sql.statementsSent) { return prefetched }
        return try await fetchJobs("SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE id = \(id)\(unescaped: forUpdate)").first
    }

    func willReadJob(id: String) {
        if locking { prefetch.expect(jobID: id) }
    }

    func leasedJobs(minerID: String) async throws -> [Job] {
        if locking, let prefetched = prefetch.takeLeases(of: minerID, statement: sql.statementsSent) { return prefetched }
        return try await fetchJobs("""
            SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE state = 'leased' AND lease_miner = \(minerID)
            ORDER BY created_at, queue_seq\(unescaped: forUpdate)
            """)
    }

    func insert(_ job: Job) async throws {
        // The primary key refuses a duplicate id; DO NOTHING keeps the transaction usable, like SQLite.
        // Sent at once: the caller learns of a duplicate where it inserts.
        try await sql.write(PostgresWrite("""
            INSERT INTO jobs (\(unescaped: Self.jobColumns)) VALUES (\(job.id), \(job.client), \(job.model),
            \(job.input), \(job.params.jsonString()), \(job.price), \(job.priority), \(job.state.rawValue),
            \(job.attempts), \(job.lease?.minerID), \(job.lease?.token), \(job.lease?.grantedAt.timeIntervalSince1970),
            \(job.lease?.deadline.timeIntervalSince1970), \(job.result), \(job.resultHash), \(job.metrics?.jsonString()),
            \(job.failureReason), \(job.createdAt.timeIntervalSince1970), \(job.updatedAt.timeIntervalSince1970),
            \(job.startedAt?.timeIntervalSince1970), \(job.finishedAt?.timeIntervalSince1970), \(job.lease?.acknowledged ?? true))
            ON CONFLICT DO NOTHING
            """, row: "job \(job.id)") { inserted in
            guard inserted == 1 else {
                throw MinerKitError(.conflict, code: "job_exists", "a job with id \(job.id) already exists")
            }
        })
        try await sql.flush()
    }

    func update(_ job: Job) async throws {
        // Only what a job's progress changes is written (see `JobWriting.update`); the queue sequence is
        // not touched either, so a requeued job keeps its place. Queued: it goes with the unit's next
        // writes (a completion's receipt and counters) or its commit.
        try await sql.write(PostgresWrite("""
            UPDATE jobs SET price = \(job.price), priority = \(job.priority),
            state = \(job.state.rawValue), attempts = \(job.attempts), lease_miner = \(job.lease?.minerID),
            lease_token = \(job.lease?.token), lease_granted_at = \(job.lease?.grantedAt.timeIntervalSince1970),
            lease_deadline = \(job.lease?.deadline.timeIntervalSince1970), result = \(job.result),
            result_hash = \(job.resultHash), metrics = \(job.metrics?.jsonString()),
            failure_reason = \(job.failureReason),
            updated_at = \(job.updatedAt.timeIntervalSince1970), started_at = \(job.startedAt?.timeIntervalSince1970),
            finished_at = \(job.finishedAt?.timeIntervalSince1970), lease_acknowledged = \(job.lease?.acknowledged ?? true)
            WHERE id = \(job.id)
            """, row: "job \(job.id)") { updated in
            guard updated == 1 else {
                throw MinerKitError(.notFound, code: "job_not_found", "no job with id \(job.id)")
            }
        })
    }

    func nextQueuedJob(models: [String]?, excluding: Set<String>) async throws -> Job? {
        // An ordered scan of a partial index that passes over rows other claimers hold, so the first row
        // it returns is the next in dispatch order. One model walks `jobs_queue_model`; several walk
        // `jobs_queue` and filter (their cost grows with the queued jobs of other models ahead of them).
        // Passed-over ids are excluded by `id <> ALL(...)` (true for an empty list).
        let excluded = excluding.sorted()
        var statement: PostgresFragment = "SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE state = 'queued' AND "
        switch models {
        case nil: break
        case let models? where models.count == 1: statement.append("model = \(models[0]) AND ")
        case let models?: statement.append("model = ANY(\(models)) AND ")
        }
        statement.append("id <> ALL(\(excluded)) ORDER BY priority DESC, queue_seq LIMIT 1\(unescaped: forUpdateSkipLocked)")
        return try await fetchJobs(statement).first
    }

    func expiredLeases(at now: Date, limit: Int) async throws -> [Job] {
        try await fetchJobs("""
            SELECT \(unescaped: Self.jobColumns) FROM jobs
            WHERE state = 'leased' AND lease_deadline <= \(now.timeIntervalSince1970)
            ORDER BY lease_deadline LIMIT \(limit)\(unescaped: forUpdateSkipLocked)
            """)
    }

    // MARK: Row mapping

    private func fetchJobs(_ statement: PostgresFragment) async throws -> [Job] {
        try await sql.rows(statement).map(Self.decodeJob)
    }

    private static func decodeJob(_ row: PostgresRow) throws -> Job {
        var c = PostgresColumns(row)
        return try decodeJob(&c)
    }

    /// A job from ``jobColumns``, read from `c` (which then stands at the column after them).
    static func decodeJob(_ c: inout PostgresColumns) throws -> Job {
        let id = try c.next(String.self), client = try c.next(String.self), model = try c.next(String.self)
        let input = try c.next(String.self), params = try c.next(String.self), price = try c.next(Double.self)
        let priority = try c.next(Int.self), stateName = try c.next(String.self)
        guard let state = JobState(rawValue: stateName) else {
            throw MinerKitError(.storage, code: "database_corrupt", "job \(id) has unknown state '\(stateName)'")
        }
        let attempts = try c.next(Int.self)
        let leaseMiner = try c.next(String?.self), leaseToken = try c.next(Int64?.self)
        let granted = try c.optionalDate(), deadline = try c.optionalDate()
        let result = try c.next(String?.self), resultHash = try c.next(String?.self), metrics = try c.next(String?.self)
        let failureReason = try c.next(String?.self)
        var job = Job(id: id, client: client, model: model, input: input,
                      params: JSONValue(jsonString: params) ?? .null, price: price, priority: priority,
                      createdAt: try c.date())
        job.state = state
        job.attempts = attempts
        if let leaseMiner, let leaseToken, let granted, let deadline {
            job.lease = Lease(jobID: id, minerID: leaseMiner, token: leaseToken, grantedAt: granted, deadline: deadline)
        }
        job.result = result
        job.resultHash = resultHash
        job.metrics = metrics.flatMap(JSONValue.init(jsonString:))
        job.failureReason = failureReason
        job.updatedAt = try c.date()
        job.startedAt = try c.optionalDate()
        job.finishedAt = try c.optionalDate()
        let acknowledged = try c.next(Bool.self)  // read even without a lease, so `c` moves past it
        job.lease?.acknowledged = acknowledged
        return job
    }
}
