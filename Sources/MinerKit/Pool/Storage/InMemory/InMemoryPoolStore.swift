import Foundation
import Synchronization

/// A pool store in process memory, for tests and simulations.
///
/// A write works on a copy of the tables and publishes it only when the closure returns, so a
/// thrown error leaves no trace. Queries scan the tables: fine for the thousands of records a test
/// or simulation holds, not meant for a long-running pool (use ``SQLitePoolStore``).
public final class InMemoryPoolStore: PoolStore {
    private let tables = Mutex(InMemoryPoolTables())

    /// An empty store.
    public init() {}

    public func read<T: Sendable>(_ body: (any PoolStoreReader) throws -> T) async throws -> T {
        let snapshot = tables.withLock { $0 }
        return try body(InMemoryPoolTransaction(snapshot))
    }

    public func write<T: Sendable>(_ body: (any PoolStoreWriter) throws -> T) async throws -> T {
        try tables.withLock { current in
            let transaction = InMemoryPoolTransaction(current)
            let value = try body(transaction)
            current = transaction.tables
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
