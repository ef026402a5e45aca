import Foundation
import MinerKit

/// `/v1/miners/register`: the spec body `{miner_id, capabilities, gpu_info}` and the deployed-miner body
/// `{capabilities, concurrency, region}` (its id in `X-Miner-ID` or `?miner_id=`). `capabilities` is a
/// list of model names or an object describing the hardware (kept as the `capabilities` attribute;
/// see ``MinerRegistration/models(in:)``).
struct MinerRegisterBody: Decodable {
    var minerID: String?
    var capabilities: JSONValue
    var gpuInfo: JSONValue?
    var concurrency: Int?
    var maxConcurrent: Int?
    var region: String?
    var name: String?

    enum CodingKeys: String, CodingKey {
        case minerID = "miner_id", capabilities, gpuInfo = "gpu_info", concurrency
        case maxConcurrent = "max_concurrent", region, name
    }

    func registration() throws -> MinerRegistration {
        var attributes: [String: JSONValue] = [:]
        if let gpuInfo { attributes["gpu_info"] = gpuInfo }
        if case .object = capabilities { attributes["capabilities"] = capabilities }
        return MinerRegistration(minerID: minerID, name: name, capabilities: try MinerRegistration.models(in: capabilities),
                                 maxConcurrent: concurrency ?? maxConcurrent ?? 1, region: region,
                                 attributes: attributes, initialStatus: .active)
    }
}

/// `POST /v1/miners` and `PUT /v1/miners/{miner_id}`: the marketplace listing.
struct MinerListingBody: Decodable {
    var name: String?
    var gpuType: String?
    var gpuCount: Int?
    var location: String?
    var pricePerHour: Double?
    var maxConcurrent: Int?
    var capabilities: [String]?

    enum CodingKeys: String, CodingKey {
        case name, gpuType = "gpu_type", gpuCount = "gpu_count", location, pricePerHour = "price_per_hour"
        case maxConcurrent = "max_concurrent", capabilities
    }

    var attributes: [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        if let gpuType { out["gpu_type"] = .string(gpuType) }
        if let gpuCount { out["gpu_count"] = .number(Double(gpuCount)) }
        if let pricePerHour { out["price_per_hour"] = .number(pricePerHour) }
        return out
    }

    func registration() throws -> MinerRegistration {
        guard let name, !name.isEmpty else {
            throw MinerKitError(.validation, code: "validation_error", "field 'name' is required")
        }
        return MinerRegistration(name: name, capabilities: capabilities ?? [], maxConcurrent: maxConcurrent ?? 1,
                                 region: location, attributes: attributes, initialStatus: .pending)
    }

    var update: MinerUpdate {
        MinerUpdate(name: name, capabilities: capabilities, maxConcurrent: maxConcurrent, region: location,
                    attributes: attributes)
    }
}

/// The registration answer; `api_key` appears only when the coordinator issued a key, this once.
struct MinerEnrollmentBody: Encodable {
    var minerID: String
    var apiKey: String?
    var status: String
    var capabilities: [String]

    init(_ enrollment: MinerEnrollment) {
        minerID = enrollment.miner.id
        apiKey = enrollment.apiKey?.text
        status = enrollment.miner.status.rawValue
        capabilities = enrollment.miner.capabilities
    }

    enum CodingKeys: String, CodingKey {
        case minerID = "miner_id", apiKey = "api_key", status, capabilities
    }
}

/// A miner as served (never its key hash).
struct MinerBody: Encodable {
    var minerID: String
    var name: String
    var status: String
    var capabilities: [String]
    var maxConcurrent: Int
    var region: String?
    var attributes: JSONValue
    var registeredAt: Date
    var lastHeartbeat: Date

    init(_ miner: Miner) {
        minerID = miner.id
        name = miner.name
        status = miner.status.rawValue
        capabilities = miner.capabilities
        maxConcurrent = miner.maxConcurrent
        region = miner.region
        attributes = miner.attributes
        registeredAt = miner.registeredAt
        lastHeartbeat = miner.lastHeartbeat
    }

    enum CodingKeys: String, CodingKey {
        case minerID = "miner_id", name, status, capabilities, maxConcurrent = "max_concurrent", region, attributes
        case registeredAt = "registered_at", lastHeartbeat = "last_heartbeat"
    }
}

/// The deployed miner's heartbeat `{inflight, status, metadata}` (every field optional), plus the
/// optional extension `job_ids`: the jobs the miner is working on (only those leases are renewed).
struct HeartbeatBody: Decodable {
    var inflight: Int?
    var status: String?
    var metadata: JSONValue?
    var jobIDs: [String]?

    enum CodingKeys: String, CodingKey {
        case inflight, status, metadata
        case jobIDs = "job_ids"
    }

    var report: HeartbeatReport { HeartbeatReport(inflight: inflight, status: status, metadata: metadata, jobIDs: jobIDs) }
}

/// `{status, jobs_assigned, queue_length}`.
struct HeartbeatStatusBody: Encodable {
    var status: String
    var jobsAssigned: Int
    var queueLength: Int

    init(_ status: HeartbeatStatus) {
        self.status = status.status
        jobsAssigned = status.jobsAssigned
        queueLength = status.queueLength
    }

    enum CodingKeys: String, CodingKey {
        case status, jobsAssigned = "jobs_assigned", queueLength = "queue_length"
    }
}

/// `{max_wait_seconds}`.
struct PollBody: Decodable {
    var maxWaitSeconds: Double?

    enum CodingKeys: String, CodingKey { case maxWaitSeconds = "max_wait_seconds" }
}

/// Every result form: spec `{miner_id, result, completed_at?}`, marketplace `{result_hash, metrics}`,
/// deployed `{result, metrics}` (a non-string result is kept as its JSON text); `lease_token` optional.
struct ResultBody: JSONObjectDecodable {
    var minerID: String?
    var result: JSONValue?
    var resultHash: String?
    var metrics: JSONValue?
    var leaseToken: Int64?
    var completedAt: String?

    init?(members: [String: JSONValue]) {
        guard let minerID = APIJSON.field(members["miner_id"], \.stringValue),
              let result = APIJSON.field(members["result"], { $0 }),
              let resultHash = APIJSON.field(members["result_hash"], \.stringValue),
              let metrics = APIJSON.field(members["metrics"], { $0 }),
              let leaseToken = APIJSON.field(members["lease_token"], APIJSON.integer),
              let completedAt = APIJSON.field(members["completed_at"], \.stringValue)
        else { return nil }
        self.minerID = minerID
        self.result = result
        self.resultHash = resultHash
        self.metrics = metrics
        self.leaseToken = leaseToken
        self.completedAt = completedAt
    }

    enum CodingKeys: String, CodingKey {
        case minerID = "miner_id", result, resultHash = "result_hash", metrics, leaseToken = "lease_token"
        case completedAt = "completed_at"
    }

    var report: JobResultReport {
        let text: String? = switch result {
        case .none, .some(.null): nil
        case .some(.string(let string)): string
        case .some(let other): other.jsonString()
        }
        return JobResultReport(result: text, resultHash: resultHash, metrics: metrics, leaseToken: leaseToken)
    }
}

/// `{reason | error, retryable, lease_token}` for a failure report.
struct FailBody: Decodable {
    var reason: String?
    var error: String?
    var retryable: Bool?
    var leaseToken: Int64?

    enum CodingKeys: String, CodingKey { case reason, error, retryable, leaseToken = "lease_token" }
}

/// `{miner_id}` for a claim.
struct ClaimBody: JSONObjectDecodable {
    var minerID: String

    init?(members: [String: JSONValue]) {
        guard let minerID = members["miner_id"]?.stringValue else { return nil }
        self.minerID = minerID
    }

    enum CodingKeys: String, CodingKey { case minerID = "miner_id" }
}

/// `GET /v1/miners/{miner_id}/stats`.
struct MinerStatsBody: Encodable {
    var totalJobs: Int
    var successRate: Double
    var averageCompletionTime: Double
    var earnings: Double
    var earningsPerGPUHour: Double
    var reputation: Double

    init(_ stats: MinerStats) {
        totalJobs = stats.totalJobs
        successRate = stats.successRate
        averageCompletionTime = stats.averageCompletionTime
        earnings = stats.earnings
        earningsPerGPUHour = stats.earningsPerGPUHour
        reputation = stats.reputation
    }

    enum CodingKeys: String, CodingKey {
        case totalJobs = "total_jobs", successRate = "success_rate", averageCompletionTime = "average_completion_time"
        case earnings, earningsPerGPUHour = "earnings_per_gpu_hour", reputation
    }
}
