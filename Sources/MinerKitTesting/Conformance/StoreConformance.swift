import Foundation
import MinerKit

/// The behaviour every ``Store`` must show, as checks anyone can run against their own store: the
/// in-memory, SQLite and PostgreSQL stores all pass the same list.
///
/// ```swift
/// @Test(arguments: StoreConformance.checks)
/// func conformance(_ check: StoreConformance.Check) async throws {
///     try await check.run { try MyStore(url: testDatabase()) }
/// }
/// ```
///
/// Each check gets a fresh, empty store from the factory and throws ``ConformanceFailure`` when the
/// store behaves differently from the contract written on ``Store``.
public enum StoreConformance {
    /// One named behaviour, run on a fresh store.
    public typealias Check = ConformanceCheck<any Store>

    /// Every check, in a stable order.
    public static let checks: [Check] = jobChecks + dispatchChecks + leaseChecks + minerChecks + ledgerChecks
        + concurrencyChecks + idempotencyChecks + consoleSessionChecks + countChecks + keyChecks + nestingChecks

    static func check(_ name: String, _ body: @escaping @Sendable (any Store, Expectations) async throws -> Void) -> Check {
        Check(name: name, body: body)
    }

    /// A job queue over `store` with a manual clock.
    static func queue(_ store: any Store, _ clock: ManualTimeSource = ManualTimeSource(),
                      policy: LeasePolicy = LeasePolicy()) -> JobQueue {
        JobQueue(store: store, clock: clock, policy: policy)
    }

    static func submission(_ input: String = "x", model: String = "echo", priority: Int = 0) -> JobSubmission {
        JobSubmission(client: "client-1", model: model, input: input, params: .object(["k": .number(1)]),
                      price: 0.5, priority: priority)
    }

    struct Abort: Error {}
}
