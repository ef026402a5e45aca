import Foundation

/// A worker that leases jobs: who it is, what it can run, and when it was last heard from.
public struct Miner: Sendable, Equatable, Codable, Identifiable {
    /// Registration state; a miner silent past its heartbeat timeout is `offline`.
    public enum Status: String, Sendable, Codable {
        case pending, active, offline
    }

    public var id: String
    public var name: String
    /// Models or job kinds the miner serves; empty means any.
    public var capabilities: [String]
    public var status: Status
    /// How many jobs the miner may hold at once.
    public var maxConcurrent: Int
    public var region: String?
    /// Free-form hardware and pricing facts (gpu_type, gpu_count, price_per_hour, gpu_info, ...).
    public var attributes: JSONValue
    /// Hash of the miner's API key (never the key itself); `nil` for key-signature miners.
    public var apiKeyHash: String?
    public var registeredAt: Date
    public var lastHeartbeat: Date

    public init(id: String, name: String? = nil, capabilities: [String] = [], status: Status = .active,
                maxConcurrent: Int = 1, region: String? = nil, attributes: JSONValue = .object([:]),
                apiKeyHash: String? = nil, registeredAt: Date) {
        self.id = id
        self.name = name ?? id
        self.capabilities = capabilities
        self.status = status
        self.maxConcurrent = maxConcurrent
        self.region = region
        self.attributes = attributes
        self.apiKeyHash = apiKeyHash
        self.registeredAt = registeredAt
        self.lastHeartbeat = registeredAt
    }

    /// Whether the miner can run jobs for `model`.
    public func serves(_ model: String) -> Bool { capabilities.isEmpty || capabilities.contains(model) }
}
