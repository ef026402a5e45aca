import Logging
import MinerKit
import PostgresNIO
import Synchronization

/// One open transaction on one connection, as a unit of work sees it.
///
/// Every statement goes through ``query(_:)``, which remembers the first failure: PostgreSQL refuses
/// everything after a failed statement until the rollback, and the runner must know it even when the
/// unit of work caught the error and carried on (a `COMMIT` would then silently roll back).
public struct PostgresTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    private let failure = FirstFailure()

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Runs `query`: its rows and how many rows it changed. A retryable failure (serialization failure,
    /// deadlock, lost connection) throws an internal error the runner recognises; any other failure
    /// throws a ``MinerKitError``.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresQueryResult {
        do {
            let result: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
            return try await result.get()
        } catch {
            let classified = PostgresFailure.classify(error)
            failure.record(classified)
            switch classified {
            case .retry: throw classified
            case .fail(let error): throw error
            }
        }
    }

    /// The first statement failure, if any.
    var firstFailure: PostgresFailure? { failure.value }
}

/// The first failure of a transaction, shared by the copies of its ``PostgresTransaction``.
private final class FirstFailure: Sendable {
    private let state = Mutex<PostgresFailure?>(nil)

    var value: PostgresFailure? { state.withLock { $0 } }

    func record(_ failure: PostgresFailure) {
        state.withLock { if $0 == nil { $0 = failure } }
    }
}
