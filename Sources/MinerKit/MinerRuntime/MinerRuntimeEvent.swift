/// Something a ``MinerRuntime`` did, for logs and for tests that check what happened.
public enum MinerRuntimeEvent: Sendable, Equatable {
    case registered(minerID: String)
    case leased(jobID: String, token: Int64)
    case completed(jobID: String, receiptID: String)
    /// The coordinator refused a result (late, stale, not held): never retried.
    case refused(jobID: String, code: String, detail: String)
    /// The handler failed; `retryable` gave the job back to the queue.
    case failed(jobID: String, reason: String, retryable: Bool)
    /// A transient failure of `operation`, to be retried after `delay` seconds.
    case retrying(operation: String, attempt: Int, delay: Double, error: String)
    case heartbeatFailed(error: String)
    case stopped(completed: Int)
}
