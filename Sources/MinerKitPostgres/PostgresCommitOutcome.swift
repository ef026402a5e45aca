import MinerKit
import PostgresNIO

/// What became of a transaction whose `COMMIT` was not acknowledged.
enum PostgresCommitOutcome: Equatable {
    case committed
    case aborted
}

extension PostgresDatabasePool {
    /// Asks the server, on a fresh connection, whether transaction `xid` committed. Waits while it is
    /// still in progress (the server may not yet have noticed the lost connection); throws
    /// `commit_outcome_unknown` when the server cannot say within about five seconds.
    func commitOutcome(of xid: String) async throws -> PostgresCommitOutcome {
        for _ in 0..<50 {
            let status: String? = try? await withPooledConnection(waitingAtMost: .milliseconds(100)) { connection in
                let result: EventLoopFuture<PostgresQueryResult> = connection.query(
                    "SELECT pg_xact_status(\(xid)::xid8)", logger: self.logger)
                return try await result.get().rows.first?.decode(String?.self)
            }
            switch status {
            case "committed"?: return .committed
            case "aborted"?: return .aborted
            default: try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw MinerKitError(.unavailable, code: "commit_outcome_unknown",
                            "the database connection was lost during COMMIT and the server could not say whether transaction \(xid) committed",
                            retryAfter: 1)
    }
}
