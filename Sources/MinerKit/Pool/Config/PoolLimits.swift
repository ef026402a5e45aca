/// Bounds on everything a client sends, so every loop over client data is bounded.
public struct PoolLimits: Sendable, Equatable {
    /// Largest `eval_batch_size` honoured (larger requests are clamped).
    public var maxEvalBatchSize = 64
    /// Largest `seed_batch_size` honoured (larger requests are clamped).
    public var maxSeedBatchSize = 16
    /// `gossip_limit` is clamped to `0...maxGossip`.
    public var maxGossip = 50
    /// Evaluations accepted in one submission.
    public var maxEvaluationsPerSubmission = 256
    /// Evolutions accepted in one submission, before the lease's own budget applies.
    public var maxEvolutionsPerSubmission = 64
    /// Parent ids per evolution.
    public var maxParents = 16
    /// UTF-8 bytes of one algorithm DSL.
    public var maxDSLBytes = 65_536
    /// Characters of an id or task type.
    public var maxNameLength = 128
    /// Rows a listing returns at most.
    public var maxListLimit = 200

    /// The defaults above.
    public init() {}

    /// Throws `.validation` unless `name` is 1...maxNameLength of `[A-Za-z0-9_.:-]`.
    public func checkName(_ name: String, field: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2E || byte == 0x3A || byte == 0x2D
        }
        guard !name.isEmpty, name.utf8.count <= maxNameLength, allowed else {
            throw MinerKitError(.validation, code: "invalid_\(field.replacingOccurrences(of: " ", with: "_"))",
                                "\(field) must be 1 to \(maxNameLength) characters of A-Z a-z 0-9 _ . : -")
        }
    }

    /// Throws `.validation` unless `dsl` has visible content and at most `maxDSLBytes` bytes.
    public func checkDSL(_ dsl: String) throws {
        guard dsl.utf8.count <= maxDSLBytes else {
            throw MinerKitError(.validation, code: "algorithm_too_large",
                                "an algorithm DSL may be at most \(maxDSLBytes) bytes")
        }
        guard dsl.contains(where: { !$0.isWhitespace }) else {
            throw MinerKitError(.validation, code: "algorithm_empty", "an algorithm DSL must not be empty")
        }
    }

    /// Throws `.validation` when `count` exceeds `limit`.
    public func checkCount(_ count: Int, _ limit: Int, field: String) throws {
        guard count <= limit else {
            throw MinerKitError(.validation, code: "too_many_\(field)", "at most \(limit) \(field) per request")
        }
    }
}

extension PoolLimits {
    /// The largest integer a request's count field (`eval_batch_size`, `seed_batch_size`, `gossip_limit`)
    /// may carry, before clamping; `gossip_limit` may be as low as its negation minus one (32-bit).
    public static let maxRequestInteger = Int(Int32.max)
}
