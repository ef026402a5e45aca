import Foundation
import MinerKit

/// `Job`, a job as the coordinator serves it to its client. The server writes it without `JSONEncoder`
/// (the busiest routes answer with it); an absent optional member is left out, dates are ISO 8601 strings.
public struct JobBody: Codable, Equatable, Sendable {
    public var jobID: String
    /// `pending`, `running`, `completed`, `failed` or `cancelled` (``MinerKit/JobState/apiName``).
    public var status: String
    /// The job's input: the prompt, empty for a payload job without one.
    public var prompt: String
    public var model: String
    /// The params; a payload job's payload is `params.payload`.
    public var params: JSONValue
    public var price: Double
    /// The miner's result, once completed.
    public var result: String?
    /// `sha256:<hex>` of the result.
    public var resultHash: String?
    /// The miner holding or last holding the job.
    public var minerID: String?
    /// Why the job failed or was cancelled.
    public var error: String?
    /// Leases granted so far.
    public var attempts: Int
    public var createdAt: Date
    /// When the latest lease was granted.
    public var startedAt: Date?
    /// When the job completed.
    public var completedAt: Date?

    /// `job` as served.
    public init(_ job: Job) {
        jobID = job.id
        status = job.state.apiName
        prompt = job.input
        model = job.model
        params = job.params
        price = job.price
        result = job.result
        resultHash = job.resultHash
        minerID = job.minerID
        error = job.failureReason
        attempts = job.attempts
        createdAt = job.createdAt
        startedAt = job.startedAt
        completedAt = job.state == .completed ? job.finishedAt : nil
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case jobID = "job_id", status, prompt, model, params, price, result, resultHash = "result_hash"
        case minerID = "miner_id", error, attempts, createdAt = "created_at", startedAt = "started_at"
        case completedAt = "completed_at"
    }

    public func encode(to encoder: any Encoder) throws { try document.encode(to: encoder) }

    var document: JSONValue { .object(members) }

    var members: [String: JSONValue] {
        JSONValue.members(CodingKeys.self) { key in
            switch key {
            case .jobID: .string(jobID)
            case .status: .string(status)
            case .prompt: .string(prompt)
            case .model: .string(model)
            case .params: params
            case .price: .number(price)
            case .result: result.map(JSONValue.string)
            case .resultHash: resultHash.map(JSONValue.string)
            case .minerID: minerID.map(JSONValue.string)
            case .error: error.map(JSONValue.string)
            case .attempts: .number(Double(attempts))
            case .createdAt: .string(APIJSON.timestamp(createdAt))
            case .startedAt: startedAt.map { .string(APIJSON.timestamp($0)) }
            case .completedAt: completedAt.map { .string(APIJSON.timestamp($0)) }
            }
        }.merging(aitbcMembers) { seed, _ in seed }
    }
}

extension JobBody: WireSchemaProviding {
    public static let wireSchemaName = "Job"
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .jobID: .string().required
        case .status: .string(values: JobState.allCases.map(\.apiName)).required
        case .prompt: .string().described("The prompt (empty for a payload job without one)").required
        case .model: .string().required
        case .params: .anyObject.described("The params; a payload job's payload is `params.payload`").required
        case .price: .number(minimum: 0).required
        case .result: .string()
        case .resultHash: .string()
        case .minerID: .string().described("The miner holding or last holding the job")
        case .error: .string().described("Why the job failed or was cancelled")
        case .attempts: .integer(minimum: 0).required
        case .createdAt: .dateTime.required
        case .startedAt: .dateTime
        case .completedAt: .dateTime
        }
    }.adding(AITBCKeys.self, aitbcSchema)
}

/// A job leased to the caller: the `Job` members plus the lease (its fencing token goes back with the result).
struct LeasedJobBody: Codable, Equatable {
    var job: JobBody
    var leaseToken: Int64
    var leaseExpiresAt: Date

    init(_ leased: LeasedJob) {
        job = JobBody(leased.job)
        leaseToken = leased.lease.token
        leaseExpiresAt = leased.lease.deadline
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case leaseToken = "lease_token", leaseExpiresAt = "lease_expires_at" }

    init(from decoder: any Decoder) throws {
        job = try JobBody(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        leaseToken = try container.decode(Int64.self, forKey: .leaseToken)
        leaseExpiresAt = try container.decode(Date.self, forKey: .leaseExpiresAt)
    }

    func encode(to encoder: any Encoder) throws { try document.encode(to: encoder) }

    var document: JSONValue {
        .object(job.members.merging(JSONValue.members(CodingKeys.self) { key in
            switch key {
            case .leaseToken: .number(Double(leaseToken))
            case .leaseExpiresAt: .string(APIJSON.timestamp(leaseExpiresAt))
            }
        }) { _, lease in lease })
    }
}

extension LeasedJobBody: WireSchemaProviding {
    static let wireSchemaName = "LeasedJob"
    static let wireSchema = JobBody.wireSchema.adding(CodingKeys.self) { key in
        switch key {
        case .leaseToken: .integer(minimum: 1).described("The lease's fencing token; send it with the result").required
        case .leaseExpiresAt: .dateTime.required
        }
    }
}

/// `{"jobs": [...]}` for the marketplace listing. Every item carries every field of the spec's
/// example: `gpu_type` and `estimated_time` are `null` when the job does not name them, `gpu_count`
/// is 1 unless the job asks for more, `price` is what the client pays.
struct AvailableJobsBody: Codable, Equatable {
    struct Item: Codable, Equatable {
        var jobID: String
        var model: String
        var gpuType: String?
        var gpuCount: Int
        var estimatedTime: Double?
        var price: Double

        init(_ job: Job) {
            let requirements = JobRequirements(params: job.params)
            jobID = job.id
            model = job.model
            gpuType = requirements.gpuType
            gpuCount = requirements.gpuCount
            estimatedTime = requirements.estimatedTime
            price = job.price
        }

        /// Writes every member, `null` for an absent optional one.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            for key in CodingKeys.allCases {
                switch key {
                case .jobID: try container.encode(jobID, forKey: key)
                case .model: try container.encode(model, forKey: key)
                case .gpuType: try container.encode(gpuType, forKey: key)
                case .gpuCount: try container.encode(gpuCount, forKey: key)
                case .estimatedTime: try container.encode(estimatedTime, forKey: key)
                case .price: try container.encode(price, forKey: key)
                }
            }
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case jobID = "job_id", model, gpuType = "gpu_type", gpuCount = "gpu_count"
            case estimatedTime = "estimated_time", price
        }
    }

    var jobs: [Item]

    enum CodingKeys: String, CodingKey, CaseIterable { case jobs }
}

extension AvailableJobsBody.Item: WireSchemaProviding {
    static let wireSchemaName = "AvailableJob"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .jobID: .string().required
        case .model: .string().required
        case .gpuType: .string().nullable().required
        case .gpuCount: MinerWireSchemas.gpuCount.required
        case .estimatedTime: .number(minimum: 0).nullable().required
        case .price: .number(minimum: 0).required
        }
    }
}

extension AvailableJobsBody: WireSchemaProviding {
    static let wireSchemaName = "AvailableJobs"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .jobs: .array(of: .reference(Item.self)).required
        }
    }
}
