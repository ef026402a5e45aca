import Foundation
import MinerKit

/// The behaviour every ``PoolStore`` must show, as checks anyone can run against their own store: the
/// in-memory, SQLite and PostgreSQL pool stores all pass the same list.
///
/// ```swift
/// @Test(arguments: PoolStoreConformance.checks)
/// func conformance(_ check: PoolStoreConformance.Check) async throws {
///     try await check.run { try MyPoolStore(url: testDatabase()) }
/// }
/// ```
///
/// Each check gets a fresh, empty store from the factory and throws ``ConformanceFailure`` when the
/// store behaves differently from what ``PoolStoreReader`` and ``PoolStoreWriter`` document, or from the
/// unit-of-work contract written on ``PoolStore``. The concurrency checks drive a ``PoolService`` over the
/// store, so they prove the invariants the service relies on (one active assignment per miner, evaluate
/// slots never handed out twice, each evaluation counted once) rather than the store's locking scheme.
public enum PoolStoreConformance {
    /// One named behaviour, run on a fresh pool store.
    public typealias Check = ConformanceCheck<any PoolStore>

    /// Every check, in a stable order.
    public static let checks: [Check] = recordChecks + minerChecks + algorithmChecks + assignmentChecks
        + windowChecks + unitOfWorkChecks + concurrencyChecks

    static func check(_ name: String, _ body: @escaping @Sendable (any PoolStore, Expectations) async throws -> Void)
        -> Check {
        Check(name: name, body: body)
    }

    struct Abort: Error {}
}
