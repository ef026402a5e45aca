import Dispatch

/// A one-shot timer on a dispatch queue, for ``JobSignal``'s wait timeouts: it fires without a thread of
/// Swift's cooperative pool, so a long poll ends on time even while other work holds that pool.
///
/// `@unchecked Sendable`: its only state is a `DispatchWorkItem` set once in `init`, and the only call
/// made on it afterwards, `cancel()`, is thread-safe (`dispatch_block_cancel`).
final class WaitTimer: @unchecked Sendable {
    private let item: DispatchWorkItem
    /// Where every wait timer fires.
    private static let queue = DispatchQueue(label: "minerkit.wait-timers")

    /// Runs `fire` once `delay` has passed, unless cancelled first.
    init(after delay: Duration, _ fire: @escaping @Sendable () -> Void) {
        item = DispatchWorkItem(block: fire)
        let (seconds, attoseconds) = delay.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let total = nanoseconds.overflow ? Int64.max : nanoseconds.partialValue &+ attoseconds / 1_000_000_000
        Self.queue.asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: max(0, total))), execute: item)
    }

    func cancel() { item.cancel() }
}
