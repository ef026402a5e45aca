/// How often a unit of work is run again after a transient failure (serialization failure, deadlock,
/// a connection lost before the commit), and how long to wait in between.
///
/// Waits grow exponentially with full jitter, so units of work that collided do not collide again in
/// lockstep.
public struct PostgresRetryPolicy: Sendable {
    /// Runs in all, the first included.
    public var attempts: Int
    /// The wait before the second run; it doubles for each further run.
    public var baseDelay: Duration
    /// The longest wait between two runs.
    public var maxDelay: Duration

    public init(attempts: Int = 10, baseDelay: Duration = .milliseconds(2), maxDelay: Duration = .milliseconds(250)) {
        precondition(attempts >= 1, "a unit of work runs at least once")
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// A random wait before run `attempt` (2 or later): uniform between zero and the capped
    /// exponential bound.
    func delay(before attempt: Int) -> Duration {
        let bound = min(maxDelay, baseDelay * (1 << min(max(0, attempt - 2), 20)))
        return bound * Double.random(in: 0...1)
    }
}
