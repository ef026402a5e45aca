import Foundation
import MinerKit

/// `/v1/miners/register`: the spec body `{miner_id, capabilities, gpu_info}` and the deployed-miner body
/// `{capabilities, concurrency, region}` (its id in `X-Miner-ID` or `?miner_id=`). `capabilities` is a
/// list of model names or an object describing the hardware (kept as the `capabilities` attribute;
/// see ``MinerRegistration/models(in:)``).
struct MinerRegisterBody: Codable, Equatable {
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
                                 maxConcurrent: concurrency ?? maxConcurrent, region: region,
                                 attributes: attributes, initialStatus: .active)
    }
}

extension MinerRegisterBody: WireSchemaProviding {
    static let wireSchemaName = "MinerRegistration"
    static let wireSchema = WireSchema.object([
        .init(CodingKeys.minerID, MinerWireSchemas.minerID.nullable()),
        .init(CodingKeys.capabilities, WireSchema.oneOf([MinerWireSchemas.capabilities, .anyObject]).described(
            "Model names, or an object describing the hardware (its `models` list names the models; none means any)"),
              required: true),
        .init(CodingKeys.gpuInfo, WireSchema.object([
            .init(GPUInfoKeys.name, .string()), .init(GPUInfoKeys.memory, .string()),
        ]).nullable()),
        .init(CodingKeys.concurrency, MinerWireSchemas.maxConcurrentRequested),
        .init(CodingKeys.maxConcurrent, MinerWireSchemas.maxConcurrentRequested),
        .init(CodingKeys.region, WireSchema.string().nullable()),
        .init(CodingKeys.name, WireSchema.string().nullable()),
    ])

    /// The members of `gpu_info` a miner describes its GPU with (kept as sent).
    enum GPUInfoKeys: String, CodingKey { case name, memory }
}

/// `POST /v1/miners` and `PUT /v1/miners/{miner_id}`: the marketplace listing.
struct MinerListingBody: Codable, Equatable {
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
        return MinerRegistration(name: name, capabilities: capabilities ?? [], maxConcurrent: maxConcurrent,
                                 region: location, attributes: attributes, initialStatus: .pending)
    }

    var update: MinerUpdate {
        MinerUpdate(name: name, capabilities: capabilities, maxConcurrent: maxConcurrent, region: location,
                    attributes: attributes)
    }
}

extension MinerListingBody: WireSchemaProviding {
    /// Every listing member is optional and may be null (absent)...
    static let wireSchemaName = "MinerListingUpdate"
    static let wireSchema = WireSchema.object([.init(CodingKeys.name, WireSchema.string().nullable())] + members)

    /// ...but a new listing needs a name (`POST /v1/miners`).
    static let creationSchema = WireSchema.reference(
        "MinerListing", .object([.init(CodingKeys.name, .string(minLength: 1), required: true)] + members))

    private static var members: [WireSchema.Property] {
        [
            .init(CodingKeys.gpuType, WireSchema.string().nullable()),
            .init(CodingKeys.gpuCount, MinerWireSchemas.gpuCount.nullable()),
            .init(CodingKeys.location, WireSchema.string().nullable()),
            .init(CodingKeys.pricePerHour, WireSchema.number().nullable()),
            .init(CodingKeys.maxConcurrent, MinerWireSchemas.maxConcurrent.nullable()),
            .init(CodingKeys.capabilities, MinerWireSchemas.capabilities.nullable()),
        ]
    }
}

/// The registration answer; `api_key` appears only when the coordinator issued a key, this once.
/// (This coordinator always sends `status` and `capabilities`; the coordinator spec gives the answer no
/// shape, so a miner reads them as optional.)
struct MinerEnrollmentBody: Codable, Equatable {
    var minerID: String
    var apiKey: String?
    var status: String?
    var capabilities: [String]?

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

extension MinerEnrollmentBody: WireSchemaProviding {
    static let wireSchemaName = "MinerEnrollment"
    static let wireSchema = WireSchema.object([
        .init(CodingKeys.minerID, .string(), required: true),
        .init(CodingKeys.apiKey, WireSchema.string().described("The miner's API key, when one was issued: shown this once")),
        .init(CodingKeys.status, MinerWireSchemas.status, required: true),
        .init(CodingKeys.capabilities, .array(of: .string()), required: true),
    ])
}

/// A miner as served (never its key hash).
struct MinerBody: Codable, Equatable {
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

extension MinerBody: WireSchemaProviding {
    static let wireSchemaName = "Miner"
    static let wireSchema = WireSchema.object([
        .init(CodingKeys.minerID, .string(), required: true),
        .init(CodingKeys.name, .string(), required: true),
        .init(CodingKeys.status, MinerWireSchemas.status, required: true),
        .init(CodingKeys.capabilities, .array(of: .string()), required: true),
        .init(CodingKeys.maxConcurrent, MinerWireSchemas.maxConcurrent, required: true),
        .init(CodingKeys.region, .string()),
        .init(CodingKeys.attributes, WireSchema.anyObject.described("Hardware and pricing facts, as listed"), required: true),
        .init(CodingKeys.registeredAt, .dateTime, required: true),
        .init(CodingKeys.lastHeartbeat, .dateTime, required: true),
    ])
}

/// The deployed miner's heartbeat `{inflight, status, metadata}` (every field optional), plus the
/// optional extension `job_ids`: the jobs the miner is working on (only those leases are renewed).
struct HeartbeatBody: Codable, Equatable {
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

extension HeartbeatBody {
    /// What a miner sends for `report`.
    init(_ report: HeartbeatReport) {
        self.init(inflight: report.inflight, status: report.status, metadata: report.metadata, jobIDs: report.jobIDs)
    }
}

extension HeartbeatBody: WireSchemaProviding {
    static let wireSchemaName = "Heartbeat"
    static let wireSchema = WireSchema.object([
        .init(CodingKeys.inflight, WireSchema.integer(minimum: 0, maximum: Int(Int32.max)).nullable()),
        .init(CodingKeys.status, WireSchema.string().nullable()),
        .init(CodingKeys.metadata, WireSchema.anyValue.described("Any JSON value, kept for operators").nullable()),
        .init(CodingKeys.jobIDs, WireSchema.array(of: .string()).nullable()
            .described("The jobs the miner is working on: only their leases are renewed")),
    ])
}

/// `{status, jobs_assigned, queue_length}`.
struct HeartbeatStatusBody: Codable, Equatable {
    var status: String
    var jobsAssigned: Int
    var queueLength: Int

    init(_ status: HeartbeatStatus) {
        self.status = status.status
        jobsAssigned = status.jobsAssigned
        queueLength = status.queueLength
    }

    /// Reads a peer's answer leniently, as miners always have: a missing `status` is `ok`, missing counts are 0.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decodeIfPresent(String.self, forKey: .status) ?? "ok"
        jobsAssigned = try container.decodeIfPresent(Int.self, forKey: .jobsAssigned) ?? 0
        queueLength = try container.decodeIfPresent(Int.self, forKey: .queueLength) ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case status, jobsAssigned = "jobs_assigned", queueLength = "queue_length"
    }

    var heartbeatStatus: HeartbeatStatus { HeartbeatStatus(status: status, jobsAssigned: jobsAssigned, queueLength: queueLength) }
}

extension HeartbeatStatusBody: WireSchemaProviding {
    static let wireSchemaName = "HeartbeatStatus"
    static let wireSchema = WireSchema.object([
        .init(CodingKeys.status, .string(), required: true),
        .init(CodingKeys.jobsAssigned, WireSchema.integer(minimum: 0).described("Live leases this heartbeat renewed"),
              required: true),
        .init(CodingKeys.queueLength, WireSchema.integer(minimum: 0).described("Jobs waiting in the queue"), required: true),
    ])
}

/// `GET /v1/miners/{miner_id}/stats`.
struct MinerStatsBody: Codable, Equatable {
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

extension MinerStatsBody: WireSchemaProviding {
    static let wireSchemaName = "MinerStats"
    static let wireSchema = WireSchema.object([
        .init(CodingKeys.totalJobs, .integer(minimum: 0), required: true),
        .init(CodingKeys.successRate, .number(), required: true),
        .init(CodingKeys.averageCompletionTime, WireSchema.number().described("Seconds"), required: true),
        .init(CodingKeys.earnings, .number(), required: true),
        .init(CodingKeys.earningsPerGPUHour, .number(), required: true),
        .init(CodingKeys.reputation, .number(), required: true),
    ])
}

/// The bounds the coordinator's miner and job rules enforce, shared by the wire types' schemas.
enum MinerWireSchemas {
    /// A miner id as the coordinator accepts it.
    static let minerID = WireSchema.string(pattern: "^[A-Za-z0-9._:-]{1,128}$")
    static let maxConcurrent = WireSchema.integer(minimum: 1, maximum: 1024)
    /// `max_concurrent` (or `concurrency`) as a miner asks for it: absent or null is the core's default.
    static let maxConcurrentRequested = maxConcurrent.nullable()
        .defaultValue(.number(Double(MinerRegistration.defaultMaxConcurrent)))
    /// GPUs a miner lists or a job asks for.
    static let gpuCount = WireSchema.integer(minimum: 1, maximum: 1024)
    /// Model names a miner serves: at most 64, each of 1 to 128 UTF-8 bytes.
    static let capabilities = WireSchema.array(of: .string(minLength: 1, maxLength: 128), maxItems: 64)
        .described("At most 64 model names of 1 to 128 UTF-8 bytes")
    static let status = WireSchema.string(values: [Miner.Status.pending, .active, .offline].map(\.rawValue))
}
