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
        guard let prompt = APIJSON.field(members, CodingKeys.prompt, \.stringValue),
              let model = APIJSON.field(members, CodingKeys.model, \.stringValue),
              let params = APIJSON.field(members, CodingKeys.params, APIJSON.object),
              let payload = APIJSON.field(members, CodingKeys.payload, APIJSON.object),
              let price = APIJSON.field(members, CodingKeys.price, \.doubleValue),
              let priority = APIJSON.field(members, CodingKeys.priority, { APIJSON.integer($0).map(Int.init) })
        else { return nil }
        self.init(prompt: prompt, model: model, params: params, payload: payload, price: price, priority: priority)
        for key in RequirementKeys.allCases { requirements[key.stringValue] = members[key.stringValue] }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(prompt: try container.decodeIfPresent(String.self, forKey: .prompt),
                  model: try container.decodeIfPresent(String.self, forKey: .model),
                  params: try container.decodeIfPresent([String: JSONValue].self, forKey: .params),
                  payload: try container.decodeIfPresent([String: JSONValue].self, forKey: .payload),
                  price: try container.decodeIfPresent(Double.self, forKey: .price),
                  priority: try container.decodeIfPresent(Int.self, forKey: .priority))
        let kept = try decoder.container(keyedBy: RequirementKeys.self)
        for key in RequirementKeys.allCases where kept.contains(key) {
            requirements[key.stringValue] = try kept.decode(JSONValue.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for key in CodingKeys.allCases {
            switch key {
            case .prompt: try container.encodeIfPresent(prompt, forKey: key)
            case .model: try container.encodeIfPresent(model, forKey: key)
            case .params: try container.encodeIfPresent(params, forKey: key)
            case .payload: try container.encodeIfPresent(payload, forKey: key)
            case .price: try container.encodeIfPresent(price, forKey: key)
            case .priority: try container.encodeIfPresent(priority, forKey: key)
            }
        }
        var kept = encoder.container(keyedBy: RequirementKeys.self)
        for key in RequirementKeys.allCases { try kept.encodeIfPresent(requirements[key.stringValue], forKey: key) }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case prompt, model, params, payload, price, priority }

    /// The members kept as ``requirements``, which a request may also send in `params`.
    enum RequirementKeys: String, CodingKey, CaseIterable {
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
    enum SamplingKeys: String, CodingKey, CaseIterable { case maxTokens = "max_tokens", temperature, topP = "top_p" }

    /// `{prompt, model, params}` or `{payload}`: a non-null `prompt` or `payload` is required; every
    /// other member may be absent or null, but the GPU requirements, which must be values when sent.
    /// The defaults shown are the core's.
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .prompt: .string().nullable()
        case .model:
            MinerWireSchemas.name.nullable()
                .defaultValue(.string(JobSubmission.defaultModel))
                .described("\(MinerLimits.nameBytes.lowerBound) to \(MinerLimits.nameBytes.upperBound) UTF-8 bytes; with a payload, payload.model when absent")
        case .params:
            WireSchema.object(SamplingKeys.self) { key in
                switch key {
                case .maxTokens: sampling(key, .integer(minimum: 1, maximum: Int(Int32.max)))
                case .temperature: sampling(key, .number(minimum: 0))
                case .topP: sampling(key, .number(minimum: 0))
                }
            }.adding(RequirementKeys.self, requirement).nullable()
        case .payload: .anyObject.nullable().described("A structured job, handed to the miner as is (kept as `params.payload`)")
        case .price: .number(minimum: 0).nullable()
        case .priority: .integer(minimum: Int(Int32.min), maximum: Int(Int32.max)).nullable().described("Higher runs first")
        }
    }.adding(RequirementKeys.self, requirement).requiring(anyOf: [CodingKeys.prompt: .string(), .payload: .anyObject])

    /// The sampling param `key` with `schema`, its default the core's.
    private static func sampling(_ key: SamplingKeys, _ schema: WireSchema) -> WireSchema {
        schema.defaultValue(JobSubmission.defaultSamplingParams[key.stringValue] ?? .null)
    }

    /// A GPU requirement, at the top level or in `params`.
    private static func requirement(_ key: RequirementKeys) -> WireSchema {
        switch key {
        case .gpuType:
            MinerWireSchemas.name
                .described("A GPU model name of \(MinerLimits.nameBytes.lowerBound) to \(MinerLimits.nameBytes.upperBound) UTF-8 bytes")
        case .gpuCount: MinerWireSchemas.gpuCount
        case .estimatedTime: .number(minimum: 0)
        }
    }
}
