import Foundation
import MinerKit

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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minerID = "miner_id", name, status, capabilities, maxConcurrent = "max_concurrent", region, attributes
        case registeredAt = "registered_at", lastHeartbeat = "last_heartbeat"
    }
}

extension MinerBody: WireSchemaProviding {
    static let wireSchemaName = "Miner"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .minerID: .string().required
        case .name: .string().required
        case .status: MinerWireSchemas.status.required
        case .capabilities: .array(of: .string()).required
        case .maxConcurrent: MinerWireSchemas.maxConcurrent.required
        case .region: .string()
        case .attributes: .anyObject.described("Hardware and pricing facts, as listed").required
        case .registeredAt: .dateTime.required
        case .lastHeartbeat: .dateTime.required
        }
    }
}

/// The deployed miner's heartbeat `{inflight, status, metadata}` (every field optional), plus the
/// optional extension `job_ids`: the jobs the miner is working on (only those leases are renewed).
struct HeartbeatBody: Codable, Equatable {
    var inflight: Int?
    var status: String?
    var metadata: JSONValue?
    var jobIDs: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
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
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .inflight: .integer(minimum: 0, maximum: Int(Int32.max)).nullable()
        case .status: .string().nullable()
        case .metadata: .anyValue.described("Any JSON value, kept for operators").nullable()
        case .jobIDs: .array(of: .string()).nullable()
            .described("The jobs the miner is working on: only their leases are renewed")
        }
    }
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case status, jobsAssigned = "jobs_assigned", queueLength = "queue_length"
    }

    var heartbeatStatus: HeartbeatStatus { HeartbeatStatus(status: status, jobsAssigned: jobsAssigned, queueLength: queueLength) }
}

extension HeartbeatStatusBody: WireSchemaProviding {
    static let wireSchemaName = "HeartbeatStatus"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .status: .string().required
        case .jobsAssigned: .integer(minimum: 0).described("Live leases this heartbeat renewed, or held until their bound").required
        case .queueLength: .integer(minimum: 0).described("Jobs waiting in the queue").required
        }
    }
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case totalJobs = "total_jobs", successRate = "success_rate", averageCompletionTime = "average_completion_time"
        case earnings, earningsPerGPUHour = "earnings_per_gpu_hour", reputation
    }
}

extension MinerStatsBody: WireSchemaProviding {
    static let wireSchemaName = "MinerStats"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .totalJobs: .integer(minimum: 0).required
        case .successRate: .number().required
        case .averageCompletionTime: .number().described("Seconds").required
        case .earnings: .number().required
        case .earningsPerGPUHour: .number().required
        case .reputation: .number().required
        }
    }
}

/// The bounds the coordinator's miner and job rules enforce, shared by the wire types' schemas.
enum MinerWireSchemas {
    /// A miner id as the coordinator accepts it.
    static let minerID = WireSchema.string(
        pattern: "^[A-Za-z0-9._:-]{\(MinerLimits.idLength.lowerBound),\(MinerLimits.idLength.upperBound)}$")
    static let maxConcurrent = WireSchema.integer(minimum: 1, maximum: MinerLimits.maxConcurrent)
    /// `max_concurrent` (or `concurrency`) as a miner asks for it: absent or null is the core's default.
    static let maxConcurrentRequested = maxConcurrent.nullable()
        .defaultValue(.number(Double(MinerRegistration.defaultMaxConcurrent)))
    /// GPUs a miner lists or a job asks for.
    static let gpuCount = WireSchema.integer(minimum: MinerLimits.gpuCount.lowerBound, maximum: MinerLimits.gpuCount.upperBound)
    /// A model or GPU name.
    static let name = WireSchema.string(minLength: MinerLimits.nameBytes.lowerBound, maxLength: MinerLimits.nameBytes.upperBound)
    /// Model names a miner serves.
    static let capabilities = WireSchema.array(of: name, maxItems: MinerLimits.maxCapabilities)
        .described("At most \(MinerLimits.maxCapabilities) model names of \(MinerLimits.nameBytes.lowerBound) to \(MinerLimits.nameBytes.upperBound) UTF-8 bytes")
    static let status = WireSchema.string(values: [Miner.Status.pending, .active, .offline].map(\.rawValue))
}
