/// A handler's verdict on a job it could not do: give it back for another try, or fail it for good.
///
/// ```swift
/// throw JobFailure.retryable("the GPU ran out of memory")   // requeued, up to the attempt limit
/// throw JobFailure.permanent("the input is not audio")      // failed now, with this reason
/// ```
///
/// Any other error a handler throws is permanent, except a ``MinerKitError`` of kind `.unavailable`,
/// which is retryable: a failure the miner cannot vouch for is not tried again on its word.
public struct JobFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether the job goes back to the queue for another try.
    public var retryable: Bool
    /// Why, as the job's failure reason.
    public var reason: String

    /// The job goes back to the queue (while it has attempts left), to be tried again here or elsewhere.
    public static func retryable(_ reason: String) -> JobFailure { JobFailure(retryable: true, reason: reason) }

    /// The job fails now, with `reason`.
    public static func permanent(_ reason: String) -> JobFailure { JobFailure(retryable: false, reason: reason) }

    public var description: String { reason }

    /// The verdict on any error a handler threw (see the type's documentation).
    public static func verdict(on error: any Error) -> JobFailure {
        switch error {
        case let failure as JobFailure: failure
        case let error as MinerKitError: JobFailure(retryable: error.kind == .unavailable, reason: "\(error.code): \(error.detail)")
        default: .permanent(String(describing: error).prefix(500).description)
        }
    }
}
