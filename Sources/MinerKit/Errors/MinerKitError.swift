/// The one error type every MinerKit service throws.
///
/// `kind` says what went wrong in terms an adapter can map (HTTP uses it to pick the status code),
/// `code` is a stable machine-readable name (served as `error_code`) and `detail` is a human sentence
/// that never contains secrets.
///
/// ```swift
/// throw MinerKitError(.conflict, code: "job_completed", "job job_1 is completed and cannot be cancelled")
/// ```
public struct MinerKitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure; adapters translate it (HTTP: 400, 401, 403, 404, 409, 413, 422, 429, 503, 500).
    public enum Kind: String, Sendable, Equatable {
        case invalidInput
        case unauthorized
        case forbidden
        case notFound
        case conflict
        case payloadTooLarge
        case validation
        case rateLimited
        case unavailable
        case storage
        case `internal`
    }

    public var kind: Kind
    /// Stable identifier such as `job_not_found`; clients branch on it.
    public var code: String
    /// A human-readable explanation, safe to show to the caller.
    public var detail: String
    /// Seconds the caller should wait before retrying (rate limits, full queues).
    public var retryAfter: Int?

    public init(_ kind: Kind, code: String, _ detail: String, retryAfter: Int? = nil) {
        self.kind = kind
        self.code = code
        self.detail = detail
        self.retryAfter = retryAfter
    }

    public var description: String { "\(code): \(detail)" }
}
