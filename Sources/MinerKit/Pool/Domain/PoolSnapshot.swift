/// The pool at one instant: where its window stands, its store-wide counts, and the SOTA of every
/// task type it serves.
public struct PoolSnapshot: Sendable, Equatable {
    /// The window and its time left.
    public var position: PoolWindowPosition
    /// Miners, assignments, candidates and evaluations.
    public var counts: PoolCounts
    /// The SOTA of each task type, in the catalog's order.
    public var sota: [PoolTaskSOTA]
}
