import Foundation
import MinerKit

/// `JobRequest`, what `POST /v1/jobs` takes: `{prompt, model, params}` or `{payload: {...}}` (plus
/// optional `price`, `priority`, and the marketplace's `gpu_type`, `gpu_count`, `estimated_time`, kept
/// in `params`). What a member left out means is the core's (``MinerKit/JobSubmission``).
public struct JobRequestBody: JSONObjectDecodable, Encodable, Equatable, Sendable {
    /// The prompt of a prompt job (or a payload job's input).
    public var prompt: String?
    /// The model; the core's default when absent.
    public var model: String?
    /// Sampling params over the core's defaults.
    public var params: [String: JSONValue]?
    /// A structured job, handed to the miner as is.
    public var payload: [String: JSONValue]?
    public var price: Double?
    /// Higher runs first.
    public var priority: Int?
    /// `gpu_type`, `gpu_count`, `estimated_time` as sent (checked by the core with the params).
    public var requirements: [String: JSONValue] = [:]

    /// A request with the members given.
    public init(prompt: String? = nil, model: String? = nil, params: [String: JSONValue]? = nil,
         payload: [String: JSONValue]? = nil, price: Double? = nil, priority: Int? = nil,
         requirements: [String: JSONValue] = [:]) {
        self.prompt = prompt
        self.model = model
        self.params = params
        self.payload = payload
        self.price = price
        self.priority = priority
        self.requirements = requirements
    }

    init?(members: [String: JSONValue]) {
        guard let prompt = APIJSON.field(members["prompt"], \.stringValue),
              let model = APIJSON.field(members["model"], \.stringValue),
              let params = APIJSON.field(members["params"], APIJSON.object),
              let payload = APIJSON.field(members["payload"], APIJSON.object),
              let price = APIJSON.field(members["price"], \.doubleValue),
              let priority = APIJSON.field(members["priority"], { APIJSON.integer($0).map(Int.init) })
        else { return nil }
        self.init(prompt: prompt, model: model, params: params, payload: payload, price: price, priority: priority)
        for key in Self.requirementKeys { requirements[key.stringValue] = members[key.stringValue] }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(prompt: try container.decodeIfPresent(String.self, forKey: .prompt),
                  model: try container.decodeIfPresent(String.self, forKey: .model),
                  params: try container.decodeIfPresent([String: JSONValue].self, forKey: .params),
                  payload: try container.decodeIfPresent([String: JSONValue].self, forKey: .payload),
                  price: try container.decodeIfPresent(Double.self, forKey: .price),
                  priority: try container.decodeIfPresent(Int.self, forKey: .priority))
        for key in Self.requirementKeys where container.contains(key) {
            requirements[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(prompt, forKey: .prompt)
        try container.encodeIfPresent(model, forKey: .model)
        try container.encodeIfPresent(params, forKey: .params)
        try container.encodeIfPresent(payload, forKey: .payload)
        try container.encodeIfPresent(price, forKey: .price)
        try container.encodeIfPresent(priority, forKey: .priority)
        for key in Self.requirementKeys { try container.encodeIfPresent(requirements[key.stringValue], forKey: key) }
    }

    /// The members kept as requirements.
    static let requirementKeys: [CodingKeys] = [.gpuType, .gpuCount, .estimatedTime]

    enum CodingKeys: String, CodingKey {
        case prompt, model, params, payload, price, priority
        case gpuType = "gpu_type", gpuCount = "gpu_count", estimatedTime = "estimated_time"
    }

    /// The core submission (``JobSubmission/payload(_:prompt:model:requirements:price:priority:)`` or
    /// ``JobSubmission/prompt(_:model:params:requirements:price:priority:)``, where the defaults live);
    /// `params` sent with a payload must still be valid params (as the OpenAPI document says), though
    /// the job does not keep them.
    func submission() throws -> JobSubmission {
        if let payload {
            if let params { try JobRequirements.validate(.object(params)) }
            return .payload(payload, prompt: prompt, model: model, requirements: requirements, price: price,
                            priority: priority)
        }
        guard let prompt else {
            throw MinerKitError(.validation, code: "validation_error", "field 'prompt' is required (or send 'payload')")
        }
        return .prompt(prompt, model: model, params: params ?? [:], requirements: requirements, price: price,
                       priority: priority)
    }
}

extension JobRequestBody: WireSchemaProviding {
    public static let wireSchemaName = "JobRequest"

    /// The sampling params the core defaults (``MinerKit/JobSubmission/defaultSamplingParams``).
    enum SamplingKeys: String, CodingKey { case maxTokens = "max_tokens", temperature, topP = "top_p" }

    /// `{prompt, model, params}` or `{payload}`: a non-null `prompt` or `payload` is required; every
    /// other member may be absent or null, but the GPU requirements, which must be values when sent.
    /// The defaults shown are the core's.
    public static let wireSchema: WireSchema = {
        let requirements: [WireSchema.Property] = [
            .init(CodingKeys.gpuType, WireSchema.string(minLength: 1, maxLength: 128)
                .described("A GPU model name of 1 to 128 UTF-8 bytes")),
            .init(CodingKeys.gpuCount, MinerWireSchemas.gpuCount),
            .init(CodingKeys.estimatedTime, .number(minimum: 0)),
        ]
        func sampling(_ key: SamplingKeys, _ schema: WireSchema) -> WireSchema.Property {
            .init(key, schema.defaultValue(JobSubmission.defaultSamplingParams[key.stringValue] ?? .null))
        }
        let params = WireSchema.object([
            sampling(.maxTokens, .integer(minimum: 1, maximum: Int(Int32.max))),
            sampling(.temperature, .number(minimum: 0)),
            sampling(.topP, .number(minimum: 0)),
        ] + requirements).nullable()
        return WireSchema.object([
            .init(CodingKeys.prompt, WireSchema.string().nullable()),
            .init(CodingKeys.model, WireSchema.string(minLength: 1, maxLength: 128).nullable()
                .defaultValue(.string(JobSubmission.defaultModel))
                .described("1 to 128 UTF-8 bytes; with a payload, payload.model when absent")),
            .init(CodingKeys.params, params),
            .init(CodingKeys.payload, WireSchema.anyObject.nullable()
                .described("A structured job, handed to the miner as is (kept as `params.payload`)")),
            .init(CodingKeys.price, WireSchema.number(minimum: 0).nullable()),
            .init(CodingKeys.priority, WireSchema.integer(minimum: Int(Int32.min), maximum: Int(Int32.max)).nullable()
                .described("Higher runs first")),
        ] + requirements).requiring(anyOf: [
            .object([.init(CodingKeys.prompt, .string(), required: true)]),
            .object([.init(CodingKeys.payload, .anyObject, required: true)]),
        ])
    }()
}

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

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id", status, prompt, model, params, price, result, resultHash = "result_hash"
        case minerID = "miner_id", error, attempts, createdAt = "created_at", startedAt = "started_at"
        case completedAt = "completed_at"
    }

    public func encode(to encoder: any Encoder) throws { try document.encode(to: encoder) }

    var document: JSONValue { .object(members) }

    var members: [String: JSONValue] {
        var members: [String: JSONValue] = [
            CodingKeys.jobID.stringValue: .string(jobID), CodingKeys.status.stringValue: .string(status),
            CodingKeys.prompt.stringValue: .string(prompt), CodingKeys.model.stringValue: .string(model),
            CodingKeys.params.stringValue: params, CodingKeys.price.stringValue: .number(price),
            CodingKeys.attempts.stringValue: .number(Double(attempts)),
            CodingKeys.createdAt.stringValue: .string(APIJSON.timestamp(createdAt)),
        ]
        let optional: [(CodingKeys, JSONValue?)] = [
            (.result, result.map(JSONValue.string)), (.resultHash, resultHash.map(JSONValue.string)),
            (.minerID, minerID.map(JSONValue.string)), (.error, error.map(JSONValue.string)),
            (.startedAt, startedAt.map { .string(APIJSON.timestamp($0)) }),
            (.completedAt, completedAt.map { .string(APIJSON.timestamp($0)) }),
        ]
        for (key, value) in optional { members[key.stringValue] = value }
        return members
    }
}

extension JobBody: WireSchemaProviding {
    public static let wireSchemaName = "Job"
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.jobID, .string(), required: true),
        .init(CodingKeys.status, .string(values: JobState.allCases.map(\.apiName)), required: true),
        .init(CodingKeys.prompt, .string().described("The prompt (empty for a payload job without one)"), required: true),
        .init(CodingKeys.model, .string(), required: true),
        .init(CodingKeys.params, .anyObject.described("The params; a payload job's payload is `params.payload`"),
              required: true),
        .init(CodingKeys.price, .number(minimum: 0), required: true),
        .init(CodingKeys.result, .string()),
        .init(CodingKeys.resultHash, .string()),
        .init(CodingKeys.minerID, .string().described("The miner holding or last holding the job")),
        .init(CodingKeys.error, .string().described("Why the job failed or was cancelled")),
        .init(CodingKeys.attempts, .integer(minimum: 0), required: true),
        .init(CodingKeys.createdAt, .dateTime, required: true),
        .init(CodingKeys.startedAt, .dateTime),
        .init(CodingKeys.completedAt, .dateTime),
    ])
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

    enum CodingKeys: String, CodingKey { case leaseToken = "lease_token", leaseExpiresAt = "lease_expires_at" }

    init(from decoder: any Decoder) throws {
        job = try JobBody(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        leaseToken = try container.decode(Int64.self, forKey: .leaseToken)
        leaseExpiresAt = try container.decode(Date.self, forKey: .leaseExpiresAt)
    }

    func encode(to encoder: any Encoder) throws { try document.encode(to: encoder) }

    var document: JSONValue {
        var members = job.members
        members[CodingKeys.leaseToken.stringValue] = .number(Double(leaseToken))
        members[CodingKeys.leaseExpiresAt.stringValue] = .string(APIJSON.timestamp(leaseExpiresAt))
        return .object(members)
    }
}

extension LeasedJobBody: WireSchemaProviding {
    static let wireSchemaName = "LeasedJob"
    static let wireSchema = JobBody.wireSchema.adding([
        .init(CodingKeys.leaseToken, .integer(minimum: 1).described("The lease's fencing token; send it with the result"),
              required: true),
        .init(CodingKeys.leaseExpiresAt, .dateTime, required: true),
    ])
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

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(jobID, forKey: .jobID)
            try container.encode(model, forKey: .model)
            try container.encode(gpuType, forKey: .gpuType)
            try container.encode(gpuCount, forKey: .gpuCount)
            try container.encode(estimatedTime, forKey: .estimatedTime)
            try container.encode(price, forKey: .price)
        }

        enum CodingKeys: String, CodingKey {
            case jobID = "job_id", model, gpuType = "gpu_type", gpuCount = "gpu_count"
            case estimatedTime = "estimated_time", price
        }
    }

    var jobs: [Item]

    enum CodingKeys: String, CodingKey { case jobs }
}

extension AvailableJobsBody.Item: WireSchemaProviding {
    static let wireSchemaName = "AvailableJob"
    static let wireSchema = WireSchema.object([
        .init(CodingKeys.jobID, .string(), required: true),
        .init(CodingKeys.model, .string(), required: true),
        .init(CodingKeys.gpuType, .string().nullable(), required: true),
        .init(CodingKeys.gpuCount, MinerWireSchemas.gpuCount, required: true),
        .init(CodingKeys.estimatedTime, .number(minimum: 0).nullable(), required: true),
        .init(CodingKeys.price, .number(minimum: 0), required: true),
    ])
}

extension AvailableJobsBody: WireSchemaProviding {
    static let wireSchemaName = "AvailableJobs"
    static let wireSchema = WireSchema.object([
        .init(CodingKeys.jobs, .array(of: .reference(Item.self)), required: true),
    ])
}
