import Foundation
import MinerKit

/// `JobRequest`: `{prompt, model, params}` or `{payload: {...}}` (plus optional `price`, `priority`,
/// and the marketplace's `gpu_type`, `gpu_count`, `estimated_time`, kept in `params`).
struct JobRequestBody: JSONObjectDecodable {
    static let defaultModel = "llama3.2"
    static let defaultParams: [String: JSONValue] = ["max_tokens": .number(256), "temperature": .number(0.7),
                                                      "top_p": .number(0.9)]

    var prompt: String?
    var model: String?
    var params: [String: JSONValue]?
    var payload: [String: JSONValue]?
    var price: Double?
    var priority: Int?
    /// `gpu_type`, `gpu_count`, `estimated_time` as sent (checked by the core with the params).
    var requirements: [String: JSONValue] = [:]

    init?(members: [String: JSONValue]) {
        guard let prompt = APIJSON.field(members["prompt"], \.stringValue),
              let model = APIJSON.field(members["model"], \.stringValue),
              let params = APIJSON.field(members["params"], APIJSON.object),
              let payload = APIJSON.field(members["payload"], APIJSON.object),
              let price = APIJSON.field(members["price"], \.doubleValue),
              let priority = APIJSON.field(members["priority"], { APIJSON.integer($0).map(Int.init) })
        else { return nil }
        self.prompt = prompt
        self.model = model
        self.params = params
        self.payload = payload
        self.price = price
        self.priority = priority
        for name in Self.requirementFields { requirements[name] = members[name] }
    }

    static let requirementFields = ["gpu_type", "gpu_count", "estimated_time"]

    enum CodingKeys: String, CodingKey { case prompt, model, params, payload, price, priority }

    /// The core submission. A `{payload}` job keeps its payload under `params.payload`, and its model is
    /// `model`, else `payload.model`, else the default.
    func submission() throws -> JobSubmission {
        if let payload {
            let model = model ?? payload["model"]?.stringValue ?? Self.defaultModel
            return JobSubmission(client: "", model: model, input: prompt ?? payload["prompt"]?.stringValue ?? "",
                                 params: .object(requirements.merging(["payload": .object(payload)]) { $1 }),
                                 price: price ?? 0, priority: priority ?? 0)
        }
        guard let prompt else {
            throw MinerKitError(.validation, code: "validation_error", "field 'prompt' is required (or send 'payload')")
        }
        let merged = Self.defaultParams.merging(requirements) { _, given in given }.merging(params ?? [:]) { _, given in given }
        return JobSubmission(client: "", model: model ?? Self.defaultModel, input: prompt, params: .object(merged),
                             price: price ?? 0, priority: priority ?? 0)
    }
}

/// `Job` as served: one JSON document, written without `JSONEncoder` (an absent optional field is
/// left out, dates are ISO 8601 strings).
struct JobBody {
    var job: Job

    init(_ job: Job) { self.job = job }

    var document: JSONValue { .object(members) }

    var members: [String: JSONValue] {
        var members: [String: JSONValue] = [
            "job_id": .string(job.id), "status": .string(job.state.apiName), "prompt": .string(job.input),
            "model": .string(job.model), "params": job.params, "price": .number(job.price),
            "attempts": .number(Double(job.attempts)), "created_at": .string(APIJSON.timestamp(job.createdAt)),
        ]
        if let result = job.result { members["result"] = .string(result) }
        if let resultHash = job.resultHash { members["result_hash"] = .string(resultHash) }
        if let minerID = job.minerID { members["miner_id"] = .string(minerID) }
        if let error = job.failureReason { members["error"] = .string(error) }
        if let startedAt = job.startedAt { members["started_at"] = .string(APIJSON.timestamp(startedAt)) }
        if job.state == .completed, let finishedAt = job.finishedAt {
            members["completed_at"] = .string(APIJSON.timestamp(finishedAt))
        }
        return members
    }
}

/// A job leased to the caller: the `Job` fields plus the lease (its fencing token goes back with the result).
struct LeasedJobBody {
    var leased: LeasedJob

    init(_ leased: LeasedJob) { self.leased = leased }

    var document: JSONValue {
        var members = JobBody(leased.job).members
        members["lease_token"] = .number(Double(leased.lease.token))
        members["lease_expires_at"] = .string(APIJSON.timestamp(leased.lease.deadline))
        return .object(members)
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

/// `{"jobs": [...]}` for the marketplace listing. Every item carries every field of the spec's
/// example: `gpu_type` and `estimated_time` are `null` when the job does not name them, `gpu_count`
/// is 1 unless the job asks for more, `price` is what the client pays.
struct AvailableJobsBody: Encodable {
    struct Item: Encodable {
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
}
