import Foundation

/// What a miner may be registered with, and when it may lease.
enum MinerRules {
    static let maxConcurrentLimit = MinerLimits.maxConcurrent

    static func validate(_ registration: MinerRegistration) throws {
        if let id = registration.minerID { try validateID(id) }
        try validate(capabilities: registration.capabilities)
        try validate(maxConcurrent: registration.maxConcurrent)
        try validate(gpuCount: registration.attributes["gpu_count"])
    }

    static func validate(_ update: MinerUpdate) throws {
        if let capabilities = update.capabilities { try validate(capabilities: capabilities) }
        if let maxConcurrent = update.maxConcurrent { try validate(maxConcurrent: maxConcurrent) }
        try validate(gpuCount: update.attributes["gpu_count"])
    }

    /// A heartbeat's `inflight`, when sent, is a count from 0 to 2^31 - 1 (422 otherwise).
    static func validate(_ report: HeartbeatReport) throws {
        guard let inflight = report.inflight else { return }
        guard (0...Int(Int32.max)).contains(inflight) else {
            throw MinerKitError(.validation, code: "validation_error", "field 'inflight' must be an integer from 0 to \(Int32.max)")
        }
    }

    /// Whether `miner` may run `job`: it serves the model and its GPUs satisfy the job's requirements.
    static func canRun(_ miner: Miner, _ job: Job) -> Bool {
        miner.serves(job.model) && JobRequirements(params: job.params).isSatisfied(by: MinerGPUs(miner))
    }

    /// A listed GPU count is an integer in ``MinerLimits/gpuCount`` (400 otherwise).
    private static func validate(gpuCount: JSONValue?) throws {
        guard let gpuCount else { return }
        guard let count = gpuCount.doubleValue, count.rounded() == count, MinerLimits.gpuCount.contains(Int(exactly: count) ?? 0) else {
            throw MinerKitError(.invalidInput, code: "validation_error",
                                "field 'gpu_count' must be an integer from \(MinerLimits.gpuCount.lowerBound) to \(MinerLimits.gpuCount.upperBound)")
        }
    }

    /// A new miner known by its API key hash, or (for signed-request miners) by its public key.
    static func newMiner(_ registration: MinerRegistration, id: String, keyHash: String?,
                         signer: AuthenticatedKey? = nil, at now: Date) -> Miner {
        var attributes = registration.attributes
        if let signer {
            attributes[publicKeyAttribute] = .string(Hex.encode(signer.publicKey))
            attributes["key_scheme"] = .string(signer.scheme.rawValue)
        }
        return Miner(id: id, name: registration.name, capabilities: registration.capabilities,
                     status: registration.initialStatus, maxConcurrent: registration.maxConcurrent,
                     region: registration.region, attributes: .object(attributes), apiKeyHash: keyHash,
                     registeredAt: now)
    }

    /// The attribute holding a signed-request miner's public key (hex).
    static let publicKeyAttribute = "public_key"

    /// An existing miner re-registering: new listing, same key, same registration time; it counts as
    /// a sign of life (an offline miner, or one provisioned by an operator and `pending` until now,
    /// that registers to start working becomes active).
    static func reregister(_ miner: Miner, with registration: MinerRegistration, at now: Date) -> Miner {
        var miner = apply(MinerUpdate(name: registration.name, capabilities: registration.capabilities,
                                      maxConcurrent: registration.maxConcurrent, region: registration.region,
                                      attributes: registration.attributes), to: miner)
        if miner.status == .offline || registration.initialStatus == .active { miner.status = .active }
        miner.lastHeartbeat = now
        return miner
    }

    static func apply(_ update: MinerUpdate, to miner: Miner) -> Miner {
        var miner = miner
        if let name = update.name { miner.name = name }
        if let capabilities = update.capabilities { miner.capabilities = capabilities }
        if let maxConcurrent = update.maxConcurrent { miner.maxConcurrent = maxConcurrent }
        if let region = update.region { miner.region = region }
        if !update.attributes.isEmpty, case .object(var attributes) = miner.attributes {
            // The identity attributes are the coordinator's, never the caller's.
            let given = update.attributes.filter { $0.key != publicKeyAttribute && $0.key != "key_scheme" }
            attributes.merge(given) { _, new in new }
            miner.attributes = .object(attributes)
        }
        return miner
    }

    /// Models to lease for (`nil`: any).
    static func models(of miner: Miner) -> [String]? {
        miner.capabilities.isEmpty ? nil : miner.capabilities
    }

    /// Pending miners (listed, never heartbeated) and offline ones (silent) must heartbeat first.
    static func requireActive(_ miner: Miner) throws {
        guard miner.status == .active else {
            throw MinerKitError(.conflict, code: "miner_not_active",
                                "miner \(miner.id) is \(miner.status.rawValue); send a heartbeat first")
        }
    }

    static func requireCanLease(_ miner: Miner, holding: Int) throws {
        try requireActive(miner)
        guard holding < miner.maxConcurrent else {
            throw MinerKitError(.conflict, code: "miner_at_capacity",
                                "miner \(miner.id) already holds \(holding) of its \(miner.maxConcurrent) concurrent jobs")
        }
    }

    static func validateID(_ id: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-_")
        guard MinerLimits.idLength.contains(id.count), id.allSatisfy(allowed.contains) else {
            throw MinerKitError(.validation, code: "validation_error",
                                "field 'miner_id' must be \(MinerLimits.idLength.lowerBound) to \(MinerLimits.idLength.upperBound) characters of letters, digits and . _ : -")
        }
    }

    private static func validate(capabilities: [String]) throws {
        guard capabilities.count <= MinerLimits.maxCapabilities,
              capabilities.allSatisfy({ MinerLimits.nameBytes.contains($0.utf8.count) }) else {
            throw MinerKitError(.validation, code: "validation_error",
                                "field 'capabilities' must list at most \(MinerLimits.maxCapabilities) names of "
                                + "\(MinerLimits.nameBytes.lowerBound) to \(MinerLimits.nameBytes.upperBound) bytes")
        }
    }

    private static func validate(maxConcurrent: Int) throws {
        guard (1...maxConcurrentLimit).contains(maxConcurrent) else {
            throw MinerKitError(.validation, code: "validation_error",
                                "field 'max_concurrent' must be between 1 and \(maxConcurrentLimit)")
        }
    }
}
