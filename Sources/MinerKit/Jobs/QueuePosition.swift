/// A queued job's place in the one dispatch order: higher priority first, then the lower queue
/// sequence (the order the store accepted the jobs in; a requeued job keeps its own).
///
/// Every store dispatches in this order; SQL stores write it as `ORDER BY priority DESC, queue_seq`.
public struct QueuePosition: Comparable, Sendable, Hashable {
    public var priority: Int
    public var sequence: Int64

    public init(priority: Int, sequence: Int64) {
        self.priority = priority
        self.sequence = sequence
    }

    /// `true` when `lhs` is dispatched before `rhs`.
    public static func < (lhs: QueuePosition, rhs: QueuePosition) -> Bool {
        lhs.priority != rhs.priority ? lhs.priority > rhs.priority : lhs.sequence < rhs.sequence
    }
}
