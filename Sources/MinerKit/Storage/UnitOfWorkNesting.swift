/// Refuses a unit of work started inside another on the same store, the way GRDB refuses a reentrant
/// `write`: a single-writer store would wait for itself for ever (the SQLite writer, the in-memory
/// store's lock), and a multi-writer store would run the inner unit outside the outer transaction.
///
/// Each store runs its units through ``run(on:_:)``, which marks the store in a task-local value for
/// the unit's duration. Other tasks, and child tasks of other units, are unaffected; child tasks of a
/// running unit inherit the mark (they are part of it). A store that finds its own mark throws
/// `nested_unit_of_work` at once.
public enum UnitOfWorkNesting {
    /// The stores whose unit of work the current task is running.
    @TaskLocal private static var running: [ObjectIdentifier] = []

    /// Runs `body` as a unit of work of `store`, or throws `.internal` `nested_unit_of_work` when the
    /// current task is already inside one of `store`'s units.
    public static func run<T>(on store: AnyObject, _ body: () async throws -> T) async throws -> T {
        let id = ObjectIdentifier(store)
        guard !running.contains(id) else {
            throw MinerKitError(.internal, code: "nested_unit_of_work",
                                "a unit of work was started inside another on the same store; pass the transaction in instead")
        }
        return try await $running.withValue(running + [id]) { try await body() }
    }
}
