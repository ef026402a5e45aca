/// An assignment of the older batch API and its algorithms: candidates to evaluate (an `evaluate`
/// batch) or parents to evolve from (an `evolve` batch).
public struct PoolBatch: Sendable, Equatable {
    /// The batch: its id, kind (``PoolAssignment/Kind/evolveBatch`` or ``PoolAssignment/Kind/evaluateBatch``),
    /// task type and deadline.
    public var assignment: PoolAssignment
    /// The algorithms handed out.
    public var algorithms: [PoolAlgorithm]
}

extension PoolAssignment.Kind {
    /// The batch kind a request names: `evolve` or `evaluate`, `nil` for either (evaluate when there is
    /// evaluation work, else evolve). Anything else is refused with 422 `invalid_batch_task_type`.
    public static func batch(named name: String?) throws -> PoolAssignment.Kind? {
        guard let name else { return nil }
        guard let kind = PoolAssignment.Kind(rawValue: name), kind != .lease else { throw invalidBatchKind }
        return kind
    }

    /// A batch requested as anything but `evolve` or `evaluate`.
    static let invalidBatchKind = MinerKitError(.validation, code: "invalid_batch_task_type",
                                                "task_type must be evolve or evaluate")
}
