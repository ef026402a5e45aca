import Foundation

/// What a client sends to create a job.
public struct JobSubmission: Sendable, Equatable {
    public var client: String
    public var model: String
    public var input: String
    public var params: JSONValue
    public var price: Double
    public var priority: Int

    public init(client: String, model: String, input: String, params: JSONValue = .object([:]),
                price: Double = 0, priority: Int = 0) {
        self.client = client
        self.model = model
        self.input = input
        self.params = params
        self.price = price
        self.priority = priority
    }

    /// Checks the submission against `limits`; throws a `.validation` error naming the bad field.
    public func validate(_ limits: JobLimits) throws {
        guard !model.isEmpty, model.utf8.count <= limits.maxModelName else {
            throw MinerKitError(.validation, code: "invalid_model", "model must be 1 to \(limits.maxModelName) bytes")
        }
        guard input.utf8.count <= limits.maxInputBytes else {
            throw MinerKitError(.payloadTooLarge, code: "input_too_large", "input is larger than \(limits.maxInputBytes) bytes")
        }
        guard price.isFinite, price >= 0 else {
            throw MinerKitError(.validation, code: "invalid_price", "price must be a finite number >= 0")
        }
        guard (Int(Int32.min)...Int(Int32.max)).contains(priority) else {
            throw MinerKitError(.validation, code: "invalid_priority", "priority must be a 32-bit integer")
        }
        try JobRequirements.validate(params)
    }

    /// The queued job this submission becomes, owned by `client` (a coordinator passes the client its
    /// credentials name, never the body's), created at `now`.
    public func job(for client: String, at now: Date) -> Job {
        Job(client: client, model: model, input: input, params: params, price: price, priority: priority,
            createdAt: now)
    }
}

/// Bounds on what a client may submit.
public struct JobLimits: Sendable, Equatable {
    public var maxInputBytes: Int
    public var maxModelName: Int

    public init(maxInputBytes: Int = 8 << 20, maxModelName: Int = MinerLimits.nameBytes.upperBound) {
        self.maxInputBytes = maxInputBytes
        self.maxModelName = maxModelName
    }
}
