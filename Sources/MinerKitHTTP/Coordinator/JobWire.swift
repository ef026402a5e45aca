import Foundation
import MinerKit

/// `JobRequest`: `{prompt, model, params}` or `{payload: {...}}` (plus optional `price`, `priority`).
struct JobRequestBody: Decodable {
    static let defaultModel = "llama3.2"
    static let defaultParams: [String: JSONValue] = ["max_tokens": .number(256), "temperature": .number(0.7),
                                                      "top_p": .number(0.9)]

    var prompt: String?
    var model: String?
    var params: [String: JSONValue]?
    var payload: [String: JSONValue]?
    var price: Double?
    var priority: Int?

    /// The core submission. A `{payload}` job keeps its payload under `params.payload`, and its model is
    /// `model`, else `payload.model`, else the default.
    func submission() throws -> JobSubmission {
        if let payload {
            let model = model ?? payload["model"]?.stringValue ?? Self.defaultModel
            return JobSubmission(client: "", model: model, input: prompt ?? payload["prompt"]?.stringValue ?? "",
                                 params: .object(["payload": .object(payload)]), price: price ?? 0, priority: priority ?? 0)
        }
        guard let prompt else {
            throw MinerKitError(.validation, code: "validation_error", "field 'prompt' is required (or send 'payload')")
        }
        let merged = Self.defaultParams.merging(params ?? [:]) { _, given in given }
        return JobSubmission(client: "", model: model ?? Self.defaultModel, input: prompt, params: .object(merged),
                             price: price ?? 0, priority: priority ?? 0)
    }
}

/// `Job` as served.
struct JobBody: Encodable {
    var jobID: String
    var status: String
    var prompt: String
    var model: String
    var params: JSONValue
    var price: Double
    var result: String?
    var resultHash: String?
    var minerID: String?
    var error: String?
    var attempts: Int
    var createdAt: Date
    var startedAt: Date?
    var completedAt: Date?

    init(_ job: Job) {
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
        case jobID = "job_id", status, prompt, model, params, price, result
        case resultHash = "result_hash", minerID = "miner_id", error, attempts
        case createdAt = "created_at", startedAt = "started_at", completedAt = "completed_at"
    }
}

/// A job leased to the caller: the `Job` fields plus the lease (its fencing token goes back with the result).
struct LeasedJobBody: Encodable {
    var job: JobBody
    var leaseToken: Int64
    var leaseExpiresAt: Date

    init(_ leased: LeasedJob) {
        job = JobBody(leased.job)
        leaseToken = leased.lease.token
        leaseExpiresAt = leased.lease.deadline
    }

    enum CodingKeys: String, CodingKey {
        case leaseToken = "lease_token", leaseExpiresAt = "lease_expires_at"
    }

    func encode(to encoder: any Encoder) throws {
        try job.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(leaseToken, forKey: .leaseToken)
        try container.encode(leaseExpiresAt, forKey: .leaseExpiresAt)
    }
}

/// The deployed miner's poll answer: `{job_id, payload, constraints}`.
struct PolledJobBody: Encodable {
    var jobID: String
    var payload: JSONValue
    var constraints: Constraints

    struct Constraints: Encodable {
        var model: String
        var leaseToken: Int64
        var leaseExpiresAt: Date
        var attempt: Int

        enum CodingKeys: String, CodingKey {
            case model, leaseToken = "lease_token", leaseExpiresAt = "lease_expires_at", attempt
        }
    }

    init(_ leased: LeasedJob) {
        let job = leased.job
        jobID = job.id
        payload = job.params["payload"]
            ?? .object(["prompt": .string(job.input), "model": .string(job.model), "params": job.params])
        constraints = Constraints(model: job.model, leaseToken: leased.lease.token,
                                  leaseExpiresAt: leased.lease.deadline, attempt: job.attempts + 1)
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id", payload, constraints
    }
}

/// `{"jobs": [...]}` for the marketplace listing.
struct AvailableJobsBody: Encodable {
    struct Item: Encodable {
        var jobID: String
        var model: String
        var gpuType: String?
        var gpuCount: Int?
        var estimatedTime: Double?
        var price: Double

        init(_ job: Job) {
            jobID = job.id
            model = job.model
            gpuType = job.params["gpu_type"]?.stringValue
            gpuCount = job.params["gpu_count"]?.doubleValue.map { Int($0) }
            estimatedTime = job.params["estimated_time"]?.doubleValue
            price = job.price
        }

        enum CodingKeys: String, CodingKey {
            case jobID = "job_id", model, gpuType = "gpu_type", gpuCount = "gpu_count"
            case estimatedTime = "estimated_time", price
        }
    }

    var jobs: [Item]
}
