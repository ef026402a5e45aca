import Foundation
import MinerKit
import PostgresNIO
import Synchronization

/// The replay guard several nodes share: accepted signatures live in one table until they expire, so
/// a signed request accepted by one node is refused as a replay by every other.
///
/// One statement per check (`INSERT … ON CONFLICT`): a new signature, or one whose entry has expired,
/// is recorded and accepted; an unexpired one is a replay. Each check carries a random claim id, so a
/// check retried after a lost connection recognises its own insert instead of calling it a replay.
/// Expired rows are deleted by whichever check comes first after each ``sweepInterval``.
public final class PostgresReplayGuard: ReplayGuard {
    private let database: PostgresDatabasePool
    /// Seconds between two deletions of expired signatures (by this node).
    public let sweepInterval: Int64
    private let nextSweep = Mutex<Int64>(0)

    /// A guard on `database`'s `replay_signatures` table.
    public init(database: PostgresDatabasePool, sweepInterval: Int64 = 60) {
        self.database = database
        self.sweepInterval = sweepInterval
    }

    public func firstUse(of signature: [UInt8], expiry: Int64, now: Int64) async throws -> Bool {
        let claim = UUID()
        let result = try await database.execute("""
            INSERT INTO replay_signatures (signature, expiry, claim) VALUES (\(Data(signature)), \(expiry), \(claim))
            ON CONFLICT (signature) DO UPDATE SET expiry = excluded.expiry, claim = excluded.claim
            WHERE replay_signatures.expiry < \(now) OR replay_signatures.claim = excluded.claim
            """)
        if sweepDue(at: now) {
            try await database.execute("DELETE FROM replay_signatures WHERE expiry < \(now)")
        }
        return result.metadata.rows == 1
    }

    /// Whether this call should sweep: true once per interval (the first caller after it passes).
    private func sweepDue(at now: Int64) -> Bool {
        nextSweep.withLock { next in
            guard now >= next else { return false }
            next = now + sweepInterval
            return true
        }
    }
}
