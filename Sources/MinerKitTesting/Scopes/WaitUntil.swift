/// A condition a test waited for did not come about in time.
public struct ConditionTimeout: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// Waits until `probe` returns a value and returns it; throws ``ConditionTimeout`` (naming `what`) once
/// `timeout` has passed without one. It asks again after `interval`, then after twice as long each time,
/// up to 25 ms (or `interval`, when that is longer): a condition that holds soon is seen at once, and
/// one that takes seconds is not asked about 500 times a second while every other test in the
/// process shares the same two cores.
///
/// For ordering a test's steps on something it can observe but not be told of (a row's state, a line
/// in a log, a count of waiters) instead of sleeping a fixed time and hoping: the test goes on as soon
/// as the condition holds, and a condition that never holds fails the test with its name instead of
/// hanging it.
public func waitFor<Value>(_ what: String, timeout: Duration = .seconds(60), interval: Duration = .milliseconds(2),
                           _ probe: () async throws -> Value?) async throws -> Value {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    let longest = max(interval, .milliseconds(25))
    var pause = interval
    while true {
        if let value = try await probe() { return value }
        guard ContinuousClock.now < deadline else { throw ConditionTimeout("\(what): not within \(timeout)") }
        try await Task.sleep(for: pause)
        pause = min(pause * 2, longest)
    }
}

/// Waits until `condition` holds, asking again after `interval` and then less and less often; throws ``ConditionTimeout`` (naming
/// `what`) once `timeout` has passed (see ``waitFor(_:timeout:interval:_:)``).
public func waitUntil(_ what: String, timeout: Duration = .seconds(60), interval: Duration = .milliseconds(2),
                      _ condition: () async throws -> Bool) async throws {
    _ = try await waitFor(what, timeout: timeout, interval: interval) { try await condition() ? true : nil }
}
