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
            failure.record(classified, connectionLost: PostgresFailure.isConnectionLoss(error))
            switch classified {
            case .retry: throw classified
            case .fail(let error): throw error
            }
        }
    }

    /// The first statement failure, if any.
    var firstFailure: PostgresFailure? { failure.value.first }

    /// Whether a statement found the connection gone (or going: the server ended the session).
    var connectionLost: Bool { failure.value.connectionLost }

    /// Closes the connection when a statement found it lost, so the pool drops it instead of lending it
    /// again (a statement sent on it would never complete); whether it did.
    @discardableResult
    func closeIfConnectionLost() async -> Bool {
        guard connectionLost else { return false }
        try? await connection.close()
        return true
    }
}

/// The first failure of a transaction, shared by the copies of its ``PostgresTransaction``.
private final class FirstFailure: Sendable {
    private let state = Mutex<(first: PostgresFailure?, connectionLost: Bool)>((nil, false))

    var value: (first: PostgresFailure?, connectionLost: Bool) { state.withLock { $0 } }

    func record(_ failure: PostgresFailure, connectionLost: Bool) {
        state.withLock {
            if $0.first == nil { $0.first = failure }
            $0.connectionLost = $0.connectionLost || connectionLost
        }
    }
}
