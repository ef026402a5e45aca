import MinerKit

/// `JobRequest`, what `POST /v1/jobs` takes: `{prompt, model, params}` or `{payload: {...}}` (plus
/// optional `price`, `priority`, and the marketplace's `gpu_type`, `gpu_count`, `estimated_time`, kept
/// in `params`). What a member left out means is the core's (``MinerKit/JobSubmission``).
public struct JobRequestBody: JSONObjectDecodable, Encodable, Equatable, Sendable {
    /// The prompt of a prompt job (or a payload job's input).
    public var prompt: String?
    /// The model; the core's default when absent.
    public var model: String?
    /// Sampling params over the core's defaults.
    public var params: [String: JSONValue]?
    /// A structured job, handed to the miner as is.
    public var payload: [String: JSONValue]?
    public var price: Double?
    /// Higher runs first.
    public var priority: Int?
    /// `gpu_type`, `gpu_count`, `estimated_time` as sent (checked by the core with the params).
    public var requirements: [String: JSONValue] = [:]

    /// A request with the members given.
    public init(prompt: String? = nil, model: String? = nil, params: [String: JSONValue]? = nil,
         payload: [String: JSONValue]? = nil, price: Double? = nil, priority: Int? = nil,
         requirements: [String: JSONValue] = [:]) {
        self.prompt = prompt
        self.model = model
        self.params = params
        self.payload = payload
        self.price = price
        self.priority = priority
        self.requirements = requirements
    }

    init?(members: [String: JSONValue]) {
        guard let prompt = APIJSON.field(members["prompt"], \.stringValue),
              let model = APIJSON.field(members["model"], \.stringValue),
              let params = APIJSON.field(members["params"], APIJSON.object),
              let payload = APIJSON.field(members["payload"], APIJSON.object),
              let price = APIJSON.field(members["price"], \.doubleValue),
              let priority = APIJSON.field(members["priority"], { APIJSON.integer($0).map(Int.init) })
        else { return nil }
        self.init(prompt: prompt, model: model, params: params, payload: payload, price: price, priority: priority)
        for key in Self.requirementKeys { requirements[key.stringValue] = members[key.stringValue] }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(prompt: try container.decodeIfPresent(String.self, forKey: .prompt),
                  model: try container.decodeIfPresent(String.self, forKey: .model),
                  params: try container.decodeIfPresent([String: JSONValue].self, forKey: .params),
                  payload: try container.decodeIfPresent([String: JSONValue].self, forKey: .payload),
                  price: try container.decodeIfPresent(Double.self, forKey: .price),
                  priority: try container.decodeIfPresent(Int.self, forKey: .priority))
        for key in Self.requirementKeys where container.contains(key) {
            requirements[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(prompt, forKey: .prompt)
        try container.encodeIfPresent(model, forKey: .model)
        try container.encodeIfPresent(params, forKey: .params)
        try container.encodeIfPresent(payload, forKey: .payload)
        try container.encodeIfPresent(price, forKey: .price)
        try container.encodeIfPresent(priority, forKey: .priority)
        for key in Self.requirementKeys { try container.encodeIfPresent(requirements[key.stringValue], forKey: key) }
    }

    /// The members kept as requirements.
    static let requirementKeys: [CodingKeys] = [.gpuType, .gpuCount, .estimatedTime]

    enum CodingKeys: String, CodingKey {
        case prompt, model, params, payload, price, priority
        case gpuType = "gpu_type", gpuCount = "gpu_count", estimatedTime = "estimated_time"
    }

    /// The core submission (``JobSubmission/payload(_:prompt:model:requirements:price:priority:)`` or
    /// ``JobSubmission/prompt(_:model:params:requirements:price:priority:)``, where the defaults live);
    /// `params` sent with a payload must still be valid params (as the OpenAPI document says), though
    /// the job does not keep them.
    func submission() throws -> JobSubmission {
        if let payload {
            if let params { try JobRequirements.validate(.object(params)) }
            return .payload(payload, prompt: prompt, model: model, requirements: requirements, price: price,
                            priority: priority)
        }
        guard let prompt else {
            throw MinerKitError(.validation, code: "validation_error", "field 'prompt' is required (or send 'payload')")
        }
        return .prompt(prompt, model: model, params: params ?? [:], requirements: requirements, price: price,
                       priority: priority)
    }
}

extension JobRequestBody: WireSchemaProviding {
    public static let wireSchemaName = "JobRequest"

    /// The sampling params the core defaults (``MinerKit/JobSubmission/defaultSamplingParams``).
    enum SamplingKeys: String, CodingKey { case maxTokens = "max_tokens", temperature, topP = "top_p" }

    /// `{prompt, model, params}` or `{payload}`: a non-null `prompt` or `payload` is required; every
    /// other member may be absent or null, but the GPU requirements, which must be values when sent.
    /// The defaults shown are the core's.
    public static let wireSchema: WireSchema = {
        let requirements: [WireSchema.Property] = [
            .init(CodingKeys.gpuType, MinerWireSchemas.name
                .described("A GPU model name of \(MinerLimits.nameBytes.lowerBound) to \(MinerLimits.nameBytes.upperBound) UTF-8 bytes")),
            .init(CodingKeys.gpuCount, MinerWireSchemas.gpuCount),
            .init(CodingKeys.estimatedTime, .number(minimum: 0)),
        ]
        func sampling(_ key: SamplingKeys, _ schema: WireSchema) -> WireSchema.Property {
            .init(key, schema.defaultValue(JobSubmission.defaultSamplingParams[key.stringValue] ?? .null))
        }
        let params = WireSchema.object([
            sampling(.maxTokens, .integer(minimum: 1, maximum: Int(Int32.max))),
            sampling(.temperature, .number(minimum: 0)),
            sampling(.topP, .number(minimum: 0)),
        ] + requirements).nullable()
        return WireSchema.object([
            .init(CodingKeys.prompt, WireSchema.string().nullable()),
            .init(CodingKeys.model, MinerWireSchemas.name.nullable()
                .defaultValue(.string(JobSubmission.defaultModel))
                .described("\(MinerLimits.nameBytes.lowerBound) to \(MinerLimits.nameBytes.upperBound) UTF-8 bytes; with a payload, payload.model when absent")),
            .init(CodingKeys.params, params),
            .init(CodingKeys.payload, WireSchema.anyObject.nullable()
                .described("A structured job, handed to the miner as is (kept as `params.payload`)")),
            .init(CodingKeys.price, WireSchema.number(minimum: 0).nullable()),
            .init(CodingKeys.priority, WireSchema.integer(minimum: Int(Int32.min), maximum: Int(Int32.max)).nullable()
                .described("Higher runs first")),
        ] + requirements).requiring(anyOf: [
            .object([.init(CodingKeys.prompt, .string(), required: true)]),
            .object([.init(CodingKeys.payload, .anyObject, required: true)]),
        ])
    }()
}
