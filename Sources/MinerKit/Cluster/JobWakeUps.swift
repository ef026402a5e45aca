/// Wakes miners that wait in a long poll when work arrives, on this node or (in a shared-database
/// deployment) on any node.
///
/// The protocol a waiter follows: read ``generation``, try to lease, and if nothing was there call
/// ``wait(models:since:timeout:)`` with that generation. An announcement in between makes the wait
/// return at once, so no wake-up is lost. ``JobSignal`` is the in-process implementation;
/// `MinerKitPostgres` carries announcements between nodes with LISTEN/NOTIFY.
public protocol JobWakeUps: Sendable {
    /// Changes whenever work is announced (on this node, or received from another).
    var generation: UInt64 { get }
    /// Waits until work for `models` (any when `nil`) is announced after `generation`, `timeout` passes,
    /// or the task is cancelled.
    func wait(models: [String]?, since generation: UInt64, timeout: Duration) async
    /// Announces `count` new queued jobs for `model`. Called after the transaction that queued them
    /// committed; best effort (a lost announcement costs a waiter at most its poll timeout).
    func announce(model: String, count: Int) async
    /// Wakes every waiter on this node at once, whatever it waits for, and makes every later wait on
    /// this node return at once: a node shutting down ends its long polls.
    func endWaits() async
    /// Whether the database announces every job that becomes queued itself, in the transaction that
    /// queues it (a trigger), so ``Coordinator`` does not call ``announce(model:count:)`` after commits.
    var announcedByDatabase: Bool { get }
}

extension JobWakeUps {
    /// Wake-ups kept outside the database are announced by the coordinator after each commit.
    public var announcedByDatabase: Bool { false }
}
