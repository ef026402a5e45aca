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

    enum CodingKeys: String, CodingKey, CaseIterable {
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
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .minerID: MinerWireSchemas.minerID.nullable()
        case .capabilities:
            .oneOf([MinerWireSchemas.capabilities, .anyObject]).described(
                "Model names, or an object describing the hardware (its `models` list names the models; none means any)")
                .required
        case .gpuInfo:
            .object(GPUInfoKeys.self) { key in
                switch key {
                case .name: .string()
                case .memory: .string()
                }
            }.nullable()
        case .concurrency: MinerWireSchemas.maxConcurrentRequested
        case .maxConcurrent: MinerWireSchemas.maxConcurrentRequested
        case .region: .string().nullable()
        case .name: .string().nullable()
        }
    }

    /// The members of `gpu_info` a miner describes its GPU with (kept as sent).
    enum GPUInfoKeys: String, CodingKey, CaseIterable { case name, memory }
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

    enum CodingKeys: String, CodingKey, CaseIterable {
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
    static let wireSchema = schema(name: WireSchema.string().nullable())

    /// ...but a new listing needs a name (`POST /v1/miners`).
    static let creationSchema = WireSchema.reference("MinerListing", schema(name: .string(minLength: 1).required))

    /// The listing with `name` as the schema of its name.
    private static func schema(name: WireSchema) -> WireSchema {
        .object(CodingKeys.self) { key in
            switch key {
            case .name: name
            case .gpuType: .string().nullable()
            case .gpuCount: MinerWireSchemas.gpuCount.nullable()
            case .location: .string().nullable()
            case .pricePerHour: .number().nullable()
            case .maxConcurrent: MinerWireSchemas.maxConcurrent.nullable()
            case .capabilities: MinerWireSchemas.capabilities.nullable()
            }
        }
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minerID = "miner_id", apiKey = "api_key", status, capabilities
    }
}

extension MinerEnrollmentBody: WireSchemaProviding {
    static let wireSchemaName = "MinerEnrollment"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .minerID: .string().required
        case .apiKey: .string().described("The miner's API key, when one was issued: shown this once")
        case .status: MinerWireSchemas.status.required
        case .capabilities: .array(of: .string()).required
        }
    }
}
