import Foundation

/// A miner asking to join: both wire forms (`/v1/miners/register`, `POST /v1/miners`) map to this.
public struct MinerRegistration: Sendable, Equatable {
    /// The id the miner wants; a fresh `miner_…` id when `nil`.
    public var minerID: String?
    public var name: String?
    /// Models the miner serves; empty means any.
    public var capabilities: [String]
    public var maxConcurrent: Int
    public var region: String?
    /// Hardware and pricing facts kept as given (`gpu_info`, `gpu_type`, `price_per_hour`, ...).
    public var attributes: [String: JSONValue]
    /// `active` for miners that start working at once, `pending` for marketplace listings that become
    /// active on their first heartbeat.
    public var initialStatus: Miner.Status

    /// How many jobs a miner runs at once when it does not say.
    public static let defaultMaxConcurrent = 1

    /// A registration; `maxConcurrent` is ``defaultMaxConcurrent`` when `nil`.
    public init(minerID: String? = nil, name: String? = nil, capabilities: [String] = [], maxConcurrent: Int? = nil,
                region: String? = nil, attributes: [String: JSONValue] = [:], initialStatus: Miner.Status = .active) {
        self.minerID = minerID
        self.name = name
        self.capabilities = capabilities
        self.maxConcurrent = maxConcurrent ?? Self.defaultMaxConcurrent
        self.region = region
        self.attributes = attributes
        self.initialStatus = initialStatus
    }

    /// The models a registration's `capabilities` name. A list of model names is taken as is; an
    /// object (a hardware description such as AITBC's `{"gpu": {...}, "compute": {...}}`) names the
    /// models in its `models` list, and means any model without one. Anything else is a validation error.
    public static func models(in capabilities: JSONValue) throws -> [String] {
        let invalid = MinerKitError(.validation, code: "validation_error",
                                    "field 'capabilities' must be a list of model names or an object")
        switch capabilities {
        case .array(let items):
            let names = items.compactMap(\.stringValue)
            guard names.count == items.count else { throw invalid }
            return names
        case .object(let members):
            guard let models = members["models"] else { return [] }
            guard case .array = models else { throw invalid }
            return try Self.models(in: models)
        default:
            throw invalid
        }
    }
}

/// Changes to a registered miner; `nil` fields stay as they are, attributes are merged.
public struct MinerUpdate: Sendable, Equatable {
    public var name: String?
    public var capabilities: [String]?
    public var maxConcurrent: Int?
    public var region: String?
    public var attributes: [String: JSONValue]

    public init(name: String? = nil, capabilities: [String]? = nil, maxConcurrent: Int? = nil, region: String? = nil,
                attributes: [String: JSONValue] = [:]) {
        self.name = name
        self.capabilities = capabilities
        self.maxConcurrent = maxConcurrent
        self.region = region
        self.attributes = attributes
    }
}

/// The outcome of a registration. ``apiKey`` is set only when the coordinator issued a new key: it is
/// shown this once and never again (only its hash is kept).
public struct MinerEnrollment: Sendable {
    public var miner: Miner
    public var apiKey: APIKey?
    /// Whether this call created the miner (else it re-registered an existing one).
    public var created: Bool
}

/// What a miner says in a heartbeat. It is recorded, and decides which of the miner's leases are
/// renewed (``LeaseAcknowledgement``); it never adds a lease the coordinator did not grant.
public struct HeartbeatReport: Sendable, Equatable {
    /// How many jobs the miner says it is working on; it acknowledges that many leases, oldest first.
    public var inflight: Int?
    public var status: String?
    public var metadata: JSONValue?
    /// The jobs the miner is actually working on. When given, only these leases are renewed, so a
    /// lease the miner never heard of (its poll response was lost) lapses and the job is requeued.
    /// When `nil` (miners that do not send it), the leases the miner has acknowledged are renewed,
    /// `inflight` acknowledges more, and its other polled leases are held until their bound (see
    /// ``LeaseAcknowledgement``).
    public var jobIDs: [String]?

    public init(inflight: Int? = nil, status: String? = nil, metadata: JSONValue? = nil, jobIDs: [String]? = nil) {
        self.inflight = inflight
        self.status = status
        self.metadata = metadata
        self.jobIDs = jobIDs
    }
}

/// The coordinator's answer to a heartbeat.
public struct HeartbeatStatus: Sendable, Equatable {
    /// `ok`.
    public var status: String
    /// Live leases this heartbeat renewed, or held until their bound (``LeaseAcknowledgement``).
    public var jobsAssigned: Int
    /// Jobs waiting in the queue.
    public var queueLength: Int

    public init(status: String, jobsAssigned: Int, queueLength: Int) {
        self.status = status
        self.jobsAssigned = jobsAssigned
        self.queueLength = queueLength
    }
}

/// A job leased to a miner, with the lease (its fencing token must accompany the result).
public struct LeasedJob: Sendable, Equatable {
    public var job: Job
    public var lease: Lease

    public init(job: Job, lease: Lease) {
        self.job = job
        self.lease = lease
    }

    /// A job just leased, with the lease it holds; a job without one is a broken invariant, refused as
    /// a storage error rather than trapped on.
    init(holding job: Job) throws {
        guard let lease = job.lease else {
            throw MinerKitError(.storage, code: "lease_missing", "job \(job.id) was leased but holds no lease")
        }
        self.init(job: job, lease: lease)
    }
}

/// A miner's result: the result text and/or its `sha256:` hash, metrics, and optionally the lease's
/// fencing token (without one, the miner's current lease token is assumed).
public struct JobResultReport: Sendable, Equatable {
    public var result: String?
    public var resultHash: String?
    public var metrics: JSONValue?
    public var leaseToken: Int64?

    public init(result: String? = nil, resultHash: String? = nil, metrics: JSONValue? = nil, leaseToken: Int64? = nil) {
        self.result = result
        self.resultHash = resultHash
        self.metrics = metrics
        self.leaseToken = leaseToken
    }
}

/// Network-wide counters for the explorer.
public struct NetworkStats: Sendable, Equatable {
    public var totalJobs: Int
    public var activeMiners: Int
    public var totalReceipts: Int
    public var blockHeight: Int
}

/// What one maintenance pass did.
public struct MaintenanceReport: Sendable, Equatable {
    /// Jobs whose lapsed lease was requeued or dead-lettered.
    public var expiredLeases: Int
    /// Miners marked offline for silence.
    public var offlineMiners: Int
    /// The block sealed, if one was due.
    public var sealedBlock: Block?
}
