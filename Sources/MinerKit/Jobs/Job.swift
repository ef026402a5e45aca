import Foundation

/// What a client asked for, and everything that has happened to it since.
///
/// A `Job` is a value: services change it only through ``JobLifecycle`` inside a store transaction.
public struct Job: Sendable, Equatable, Codable, Identifiable {
    /// Identifier, `job_` followed by 24 hex digits.
    public var id: String
    /// Who submitted the job (client key id or name); receipts name it as `client`.
    public var client: String
    /// The model or job kind; miners lease only jobs whose model they serve.
    public var model: String
    /// The input (prompt text, or a JSON document for structured payloads).
    public var input: String
    /// Free-form parameters.
    public var params: JSONValue
    /// What the client pays for the job.
    public var price: Double
    /// Higher runs first; ties go to the older job.
    public var priority: Int
    public var state: JobState
    /// How many leases have been granted for this job so far.
    public var attempts: Int
    /// The current (or last) lease; its fencing token only grows.
    public var lease: Lease?
    /// The miner's result, once completed.
    public var result: String?
    /// `sha256:<hex>` of the result, as the miner reported or the coordinator computed it.
    public var resultHash: String?
    /// Metrics the miner reported with the result.
    public var metrics: JSONValue?
    /// Why the job failed or was cancelled.
    public var failureReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// When the latest lease was granted.
    public var startedAt: Date?
    /// When the job reached a final state.
    public var finishedAt: Date?

    public init(
        id: String = Job.newID(), client: String, model: String, input: String,
        params: JSONValue = .object([:]), price: Double = 0, priority: Int = 0, createdAt: Date
    ) {
        self.id = id
        self.client = client
        self.model = model
        self.input = input
        self.params = params
        self.price = price
        self.priority = priority
        self.state = .queued
        self.attempts = 0
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// A fresh random job id.
    public static func newID() -> String { "job_" + RandomID.hex(bytes: 12) }

    /// The miner holding or last holding the job.
    public var minerID: String? { lease?.minerID }
}
