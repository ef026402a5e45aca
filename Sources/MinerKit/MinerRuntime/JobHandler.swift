import Foundation

/// Runs one kind of job. The runtime picks a handler by the job's model; register your own with
/// ``HandlerRegistry``.
///
/// ```swift
/// let upper = ClosureJobHandler { job in JobOutput(result: job.input.uppercased()) }
/// let registry = HandlerRegistry(["upper": upper])
/// ```
public protocol JobHandler: Sendable {
    /// Produces the job's result. Throw ``JobFailure/retryable(_:)`` for a failure worth another try
    /// (or a ``MinerKitError`` of kind `.unavailable`); ``JobFailure/permanent(_:)`` or any other error
    /// fails the job for good.
    func run(_ job: Job) async throws -> JobOutput
}

/// What a handler produced: the result text and optional metrics reported with it.
public struct JobOutput: Sendable, Equatable {
    public var result: String
    public var metrics: JSONValue?

    public init(result: String, metrics: JSONValue? = nil) {
        self.result = result
        self.metrics = metrics
    }
}

/// A handler made from a closure.
public struct ClosureJobHandler: JobHandler {
    private let body: @Sendable (Job) async throws -> JobOutput

    public init(_ body: @escaping @Sendable (Job) async throws -> JobOutput) { self.body = body }

    public func run(_ job: Job) async throws -> JobOutput { try await body(job) }
}

/// The handlers a runtime can run, by model name. Its keys are the capabilities the miner registers.
public struct HandlerRegistry: Sendable {
    private var handlers: [String: any JobHandler]

    public init(_ handlers: [String: any JobHandler] = [:]) { self.handlers = handlers }

    /// Adds or replaces the handler for `model`.
    public mutating func register(_ handler: any JobHandler, for model: String) { handlers[model] = handler }

    /// The handler for `model`, if any.
    public func handler(for model: String) -> (any JobHandler)? { handlers[model] }

    /// The models this registry serves, sorted.
    public var models: [String] { handlers.keys.sorted() }
}
