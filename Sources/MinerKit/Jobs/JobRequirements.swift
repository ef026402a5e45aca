/// What a job needs from the miner that runs it, read from its params: `gpu_type` (a GPU model name,
/// matched case-insensitively against the miner's), `gpu_count` (how many, 1 by default) and
/// `estimated_time` (seconds, for listings). A job without `gpu_type` runs on any miner.
public struct JobRequirements: Sendable, Equatable {
    public var gpuType: String?
    public var gpuCount: Int
    public var estimatedTime: Double?

    /// The requirements in `params` (already validated by ``validate(_:)``).
    public init(params: JSONValue) {
        gpuType = params["gpu_type"]?.stringValue
        gpuCount = params["gpu_count"]?.doubleValue.map { Int($0) } ?? 1
        estimatedTime = params["estimated_time"]?.doubleValue
    }

    /// Throws 400 `validation_error` naming the first param that is not what it must be: `gpu_type` a
    /// name within ``MinerLimits/nameBytes``, `gpu_count` an integer within ``MinerLimits/gpuCount``,
    /// `estimated_time` a number >= 0,
    /// and the sampling params `max_tokens` an integer >= 1, `temperature` and `top_p` numbers >= 0.
    public static func validate(_ params: JSONValue) throws {
        func refuse(_ name: String, _ rule: String) -> MinerKitError {
            MinerKitError(.invalidInput, code: "validation_error", "field 'params.\(name)' must be \(rule)")
        }
        func number(_ name: String) -> Double?? {
            guard let value = params[name] else { return .none }
            return .some(value.doubleValue.flatMap { $0.isFinite ? $0 : nil })
        }
        if let type = params["gpu_type"] {
            guard let text = type.stringValue, MinerLimits.nameBytes.contains(text.utf8.count) else {
                throw refuse("gpu_type", "a GPU model name of \(MinerLimits.nameBytes.lowerBound) to \(MinerLimits.nameBytes.upperBound) bytes")
            }
        }
        if case .some(let count) = number("gpu_count") {
            guard let count, count.rounded() == count, MinerLimits.gpuCount.contains(Int(exactly: count) ?? 0) else {
                throw refuse("gpu_count", "an integer from \(MinerLimits.gpuCount.lowerBound) to \(MinerLimits.gpuCount.upperBound)")
            }
        }
        if case .some(let tokens) = number("max_tokens") {
            guard let tokens, tokens.rounded() == tokens, tokens >= 1, tokens <= Double(Int32.max) else {
                throw refuse("max_tokens", "an integer >= 1")
            }
        }
        for name in ["estimated_time", "temperature", "top_p"] {
            if case .some(let value) = number(name) {
                guard let value, value >= 0 else { throw refuse(name, "a number >= 0") }
            }
        }
    }

    /// Whether a miner with `gpus` can run the job.
    public func isSatisfied(by gpus: MinerGPUs) -> Bool {
        guard let gpuType else { return true }
        guard let model = gpus.model?.lowercased() else { return false }
        return model.contains(gpuType.lowercased()) && gpus.count >= gpuCount
    }
}

/// The GPUs a miner registered: the marketplace listing's `gpu_type` and `gpu_count`, else the model
/// in AITBC-style `capabilities.gpu` (`model`, `count`), else `gpu_info.name` (one GPU).
public struct MinerGPUs: Sendable, Equatable {
    public var model: String?
    public var count: Int

    /// The GPUs `miner`'s attributes describe (none known: `model` is `nil`).
    public init(_ miner: Miner) {
        let attributes = miner.attributes
        let described = attributes["capabilities"]?["gpu"]
        model = attributes["gpu_type"]?.stringValue ?? described?["model"]?.stringValue
            ?? attributes["gpu_info"]?["name"]?.stringValue
        let given = attributes["gpu_count"]?.doubleValue ?? described?["count"]?.doubleValue ?? 1
        count = model == nil ? 0 : Int(min(max(1, given.isFinite ? given : 1), 1_000_000))
    }
}
