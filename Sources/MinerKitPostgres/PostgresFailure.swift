import MinerKit
import PostgresNIO

/// What to do about an error that came out of PostgreSQL: run the unit of work again, or give up
/// with a ``MinerKitError`` that says what went wrong.
enum PostgresFailure: Error {
    /// A transient failure: nothing was committed, so running the unit of work again is safe.
    case retry(String)
    /// A final failure.
    case fail(any Error)

    /// Whether `error` says the connection is gone (the server closed it or the network failed).
    static func isConnectionLoss(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return true
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            // Class 08: connection exception; 57P01-57P03: the server is shutting down or restarting.
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default:
            return false
        }
    }

    /// Whether `error` is SwiftNIO's word for a socket that failed (refused, reset, timed out, closed).
    static func isNetworkFailure(_ error: any Error) -> Bool {
        error is ChannelError || error is IOError || error is NIOConnectionError
    }

    /// Whether `error` is PostgreSQL refusing a change that breaks a constraint (SQLSTATE class 23).
    static func isConstraintViolation(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return error.serverInfo?[.sqlState]?.hasPrefix("23") ?? false
    }

    /// Classifies `error`, thrown by a prepared statement: as ``classify(_:)`` does, except that a plan a
    /// schema change made stale (0A000, "cached plan must not change result type") or a statement the
    /// session lost (26000) is worth running again, on a fresh connection.
    static func classifyPrepared(_ error: any Error) -> PostgresFailure {
        if let error = error as? PSQLError, error.code == .server,
           let state = error.serverInfo?[.sqlState], state == "0A000" || state == "26000" {
            return .retry("a prepared statement no longer fits the session (\(state))")
        }
        return classify(error)
    }

    /// Classifies `error`, thrown by a statement or by PostgresNIO before any statement ran.
    static func classify(_ error: any Error) -> PostgresFailure {
        if let failure = error as? PostgresFailure { return failure }
        if isConnectionLoss(error) { return .retry("the database connection was lost") }
        guard let error = error as? PSQLError else {
            if error is MinerKitError || error is CancellationError { return .fail(error) }
            if let decoding = error as? PostgresDecodingError {
                return .fail(MinerKitError(.storage, code: "database_corrupt",
                                           "column \(decoding.columnName) does not decode as \(decoding.targetType)"))
            }
            if isNetworkFailure(error) {
                return .fail(PostgresDatabasePool.unavailable("the database connection failed"))
            }
            return .fail(MinerKitError(.storage, code: "postgres_error", "PostgreSQL client error: \(type(of: error))"))
        }
        switch error.code {
        case .poolClosed:
            return .fail(MinerKitError(.unavailable, code: "database_closed", "the database pool is closed", retryAfter: 1))
        case .sslUnsupported, .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            // The connection could not be set up: the service is away, the request was fine.
            return .fail(PostgresDatabasePool.unavailable("the database connection could not be set up"))
        default:
            break
        }
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            return .fail(MinerKitError(.storage, code: "postgres_error", "PostgreSQL client error: \(error.code)"))
        }
        // The server's message names the constraint or object; its DETAIL (which may quote values) is left out.
        let message = error.serverInfo?[.message] ?? "no message"
        switch state {
        case "40001":
            return .retry("serialization failure")
        case "40P01":
            return .retry("deadlock")
        case _ where state.hasPrefix("23"):
            return .fail(MinerKitError(.conflict, code: "constraint_violation",
                                       "the change conflicts with stored data: \(message)"))
        case _ where state.hasPrefix("53"):
            return .fail(MinerKitError(.unavailable, code: "database_busy", "the database is out of resources", retryAfter: 1))
        default:
            return .fail(MinerKitError(.storage, code: "postgres_error", "PostgreSQL error \(state): \(message)"))
        }
    }
}
