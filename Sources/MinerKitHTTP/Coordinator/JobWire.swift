import Foundation
import MinerKit

/// `JobRequest`: `{prompt, model, params}` or `{payload: {...}}` (plus optional `price`, `priority`).
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
    }

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
