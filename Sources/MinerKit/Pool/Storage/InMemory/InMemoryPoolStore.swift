import Foundation

/// A pool store in process memory, for tests and simulations.
///
/// A write works on a copy of the tables and publishes it only when the closure returns, so a
/// thrown error leaves no trace. Queries scan the tables: fine for the thousands of records a test
/// or simulation holds, not meant for a long-running pool (use ``SQLitePoolStore``).
public final class InMemoryPoolStore: PoolStore {
    private let lock = AsyncMutex()
    /// Safe to share: only the unit of work holding `lock` reads or replaces it.
    private nonisolated(unsafe) var tables = InMemoryPoolTables()

    /// An empty store.
    public init() {}

    public func read<T: Sendable>(_ body: @Sendable (any PoolStoreReader) async throws -> T) async throws -> T {
        let snapshot = await lock.withLock { tables }
        return try await body(InMemoryPoolTransaction(snapshot))
    }

    public func write<T: Sendable>(_ body: @Sendable (any PoolStoreWriter) async throws -> T) async throws -> T {
        try await lock.withLock {
            let transaction = InMemoryPoolTransaction(tables)
            let value = try await body(transaction)
            tables = transaction.tables
            return value
        }
    }
}

/// The tables of an ``InMemoryPoolStore``; a value, so copying it is a snapshot.
struct InMemoryPoolTables {
    var miners: [String: PoolMiner] = [:]
    var algorithms: [String: PoolAlgorithm] = [:]
    var evaluations: [String: [PoolEvaluation]] = [:]
    var assignments: [String: PoolAssignment] = [:]
    var sota: [String: PoolSOTA] = [:]
    var stats: [String: PoolWindowStats] = [:]

    static func statsKey(_ miner: String, _ window: Int) -> String { "\(window)|\(miner)" }
}
