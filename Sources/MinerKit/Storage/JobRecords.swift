import Foundation

/// Which jobs to list, newest first (by creation time, then insertion order).
public struct JobQuery: Sendable, Equatable {
    public var state: JobState?
    public var client: String?
    public var minerID: String?
    public var limit: Int
    public var offset: Int
    /// Only jobs older than this cursor (see ``JobCursor``), before `offset` is applied.
    public var before: JobCursor?

    public init(state: JobState? = nil, client: String? = nil, minerID: String? = nil,
                limit: Int = 20, offset: Int = 0, before: JobCursor? = nil) {
        self.state = state
        self.client = client
        self.minerID = minerID
        self.limit = limit
        self.offset = offset
        self.before = before
    }
}

/// Reading jobs inside a transaction.
public protocol JobReading {
    /// The job with `id`, or `nil`.
    func job(id: String) async throws -> Job?
    /// Jobs matching `query`, newest first.
    func jobs(_ query: JobQuery) async throws -> [Job]
    /// Jobs matching `query`, newest first, with the cursor of the page after them: what a listing pages
    /// by (`query.before` set to the last page's `next`) at the cost of one page however deep it is.
    func jobPage(_ query: JobQuery) async throws -> JobPage
    /// How many jobs each of `minerIDs` holds leased (miners holding none are left out), in one read.
    func leaseCounts(minerIDs: [String]) async throws -> [String: Int]
    /// How many jobs are in `state` (all jobs when `nil`). Kept by the store as jobs change, so the read
    /// costs the same at any size.
    func jobCount(state: JobState?) async throws -> Int
    /// How many jobs are in each state, every state present (zero when none): what dashboards and
    /// metrics show, kept by the store as jobs change (no scan of the jobs).
    func jobCounts() async throws -> [JobState: Int]
    /// Jobs currently leased to `minerID`.
    func leasedJobs(minerID: String) async throws -> [Job]
}

extension JobWriting {
    /// The queued job to run next among `models`, passing over none.
    public func nextQueuedJob(models: [String]?) async throws -> Job? {
        try await nextQueuedJob(models: models, excluding: [])
    }

    /// Stores that read one table per statement ignore the hint.
    public func willReadJob(id: String) {}
}

/// Changing jobs inside a write transaction. Stores only persist; ``JobLifecycle`` decides.
public protocol JobWriting: JobReading {
    /// Adds a new job; a duplicate id is a conflict.
    func insert(_ job: Job) async throws
    /// Stores `job`'s progress over the stored job with its id: state, attempts, lease, result, metrics,
    /// failure, price, priority and the timestamps after creation. What the client submitted (client,
    /// model, input, params) and `createdAt` are fixed at insert and kept as stored, so a state move never
    /// rewrites what identifies a job. A missing job is not found.
    func update(_ job: Job) async throws
    /// The queued job to run next among `models` (any model when `nil`), in the one dispatch order:
    /// highest priority first, then lowest queue sequence. The store assigns each job a queue sequence
    /// when it is inserted (only grows; a requeued job keeps its own). A multi-writer store skips jobs
    /// another unit of work has locked instead of waiting for them. Jobs in `excluding` are passed over
    /// (the caller looked at them in this unit of work and found them not for its miner).
    func nextQueuedJob(models: [String]?, excluding: Set<String>) async throws -> Job?
    /// Up to `limit` leased jobs whose lease deadline is not after `now`, earliest deadline first (a
    /// multi-writer store skips jobs another unit of work has locked).
    func expiredLeases(at now: Date, limit: Int) async throws -> [Job]
    /// A hint that the unit of work reads job `id` soon after its next miner read: a store that reads
    /// several tables in one statement fetches and locks the job with the miner (PostgreSQL), sparing a
    /// round trip. It changes nothing any read returns; stores that gain nothing from it ignore it.
    func willReadJob(id: String)
}

extension Job {
    /// `self` with the fields a job is fixed by at insert (see ``JobWriting/update(_:)``) taken from
    /// `stored`: what a store keeps when it is given a changed one.
    func keepingWhatIsFixed(from stored: Job) -> Job {
        var job = self
        job.client = stored.client
        job.model = stored.model
        job.input = stored.input
        job.params = stored.params
        job.createdAt = stored.createdAt
        return job
    }
}
