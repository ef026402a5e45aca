import MinerKit
import Synchronization

/// What a write transaction read with the miner it read last, in the same statement (see
/// `PostgresStoreTransaction.miner(id:)`): the miner's leased jobs, and the job the unit said it would read
/// next (``expect(jobID:)``), all locked. Shared by the copies of the store's transaction value.
///
/// Leasing, claiming and completing read the miner and then its leases or the job they act on; this spares
/// those reads their statements. What was read is served only while the transaction has sent and queued
/// nothing since: the rows are locked by it, so until it writes they are what the database holds.
final class PostgresMinerPrefetch: Sendable {
    private struct Kept {
        var minerID: String
        var leases: [Job]?
        var expected: Job?
        var expectedID: String?
        var statement: Int
    }

    private let state = Mutex<(expectedID: String?, kept: Kept?)>((nil, nil))

    /// The job the unit will read after its next miner read (``JobWriting/willReadJob(id:)``).
    func expect(jobID: String) {
        state.withLock { $0.expectedID = jobID }
    }

    /// The job id to read with the next miner read, if one is expected.
    var expectedJobID: String? { state.withLock { $0.expectedID } }

    /// Keeps what the statement numbered `statement` read with miner `minerID`: its leases, and the
    /// expected job (`nil`: it does not exist).
    func keep(leases: [Job], expected: Job?, of minerID: String, statement: Int) {
        state.withLock {
            $0.kept = Kept(minerID: minerID, leases: leases, expected: expected, expectedID: $0.expectedID, statement: statement)
            $0.expectedID = nil
        }
    }

    /// The leases of `minerID` if they were the last thing read (`statement` is the count now). Served once.
    func takeLeases(of minerID: String, statement: Int) -> [Job]? {
        state.withLock { state in
            guard let kept = state.kept, kept.minerID == minerID, kept.statement == statement else { return nil }
            defer { state.kept?.leases = nil }
            return kept.leases
        }
    }

    /// Job `id` if the last miner read brought it (the expected job, or one of the leases still kept) and
    /// nothing was sent or queued since; `.some(nil)` when it was expected and does not exist; `nil` when
    /// it must be read.
    func job(id: String, statement: Int) -> Job?? {
        state.withLock { state in
            guard let kept = state.kept, kept.statement == statement else { return nil }
            if kept.expectedID == id { return .some(kept.expected) }
            if let lease = kept.leases?.first(where: { $0.id == id }) { return .some(lease) }
            return nil
        }
    }
}
