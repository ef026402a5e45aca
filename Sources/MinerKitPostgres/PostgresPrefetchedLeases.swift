import MinerKit
import Synchronization

/// The leased jobs of the miner a write transaction read last, read in the same statement as the miner
/// (see `PostgresStoreTransaction.miner(id:)`), shared by the copies of the store's transaction value.
///
/// Leasing and claiming read the miner and then its leases; this spares the second read its statement.
/// The jobs are served once, and only while the transaction has sent and queued nothing since.
final class PostgresPrefetchedLeases: Sendable {
    private let state = Mutex<(minerID: String, jobs: [Job], statement: Int)?>(nil)

    /// Keeps `jobs`, the leases of `minerID`, read by the statement numbered `statement`.
    func keep(_ jobs: [Job], of minerID: String, statement: Int) {
        state.withLock { $0 = (minerID, jobs, statement) }
    }

    /// The leases of `minerID` if they were the last thing read (`statement` is the count now).
    func take(of minerID: String, statement: Int) -> [Job]? {
        state.withLock { kept in
            defer { kept = nil }
            guard let kept, kept.minerID == minerID, kept.statement == statement else { return nil }
            return kept.jobs
        }
    }
}
