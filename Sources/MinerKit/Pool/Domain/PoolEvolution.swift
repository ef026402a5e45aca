/// An algorithm a miner evolved, as it submits it: the DSL and the algorithms it came from. The pool
/// stores it as a new candidate unless its content is already known (a duplicate).
public struct PoolEvolution: Sendable, Equatable {
    /// The algorithms it was evolved from; ids the pool does not know for the task type are dropped.
    public var parentIDs: [String]
    /// The evolved algorithm.
    public var dsl: String

    /// `dsl` evolved from `parentIDs`.
    public init(parentIDs: [String], dsl: String) {
        self.parentIDs = parentIDs
        self.dsl = dsl
    }
}
