import Foundation

/// How long a miner's leases last: the one rule for "does the miner know about this lease, and is it
/// still working on it?".
///
/// A lease the miner asked for by job id (claim, accept) is acknowledged when granted. A lease handed
/// out by a poll starts unacknowledged, because the poll's answer may never have reached the miner
/// (a timeout, a restart, a dropped connection). It becomes acknowledged once a heartbeat names it in
/// `job_ids`, or once a heartbeat's `inflight` count covers it; a result or a failure report ends it.
/// Acknowledged leases are renewed by every heartbeat for another heartbeat timeout.
///
/// Miners that say what they work on (their last heartbeat carried `job_ids`) keep the orphan-lease
/// guarantee: a polled lease lasts one heartbeat timeout, a heartbeat renews exactly the named leases,
/// and an unnamed unacknowledged lease lapses at its first deadline (one heartbeat timeout after its
/// grant, or at once when that has passed), whatever the miner sends.
///
/// Miners that do not (AITBC's: a CLI heartbeating `inflight: 0` without `job_ids`, a production
/// miner silent while it works) may be working on a polled lease they never mention, so such a lease is
/// *held*: granted until its bound, `grantedAt +` ``CoordinatorConfiguration/maxJobSeconds``, and kept
/// while the miner is alive. Alive means: nothing has shown the miner does not know the lease. It
/// ends earlier only when the miner shows that: a heartbeat with `job_ids` that does not name it (the
/// rule above applies), or a poll while the miner is at its concurrency limit (it asks for work it has
/// no room for, so it does not know its unacknowledged leases: they go back to the queue, no attempt
/// counted). Silence alone never ends a held lease before its bound (the miner may be marked `offline`
/// meanwhile; its result makes it `active` again), so a lease nobody works on is freed at the bound.
enum LeaseAcknowledgement {
    /// What one heartbeat does to a miner's live leases.
    struct Plan: Sendable {
        /// Renewed for a heartbeat timeout, and acknowledged.
        var renewed: [Job] = []
        /// Unacknowledged leases of a miner that names no jobs: kept until their bound.
        var held: [Job] = []
        /// Unacknowledged leases a `job_ids` heartbeat left out: they end at their first deadline.
        var disowned: [Job] = []
    }

    /// What `report` does to `live` (the miner's live leases), each list oldest grant first.
    static func plan(_ live: [Job], report: HeartbeatReport) -> Plan {
        let byGrant = live.sorted { ($0.lease?.grantedAt ?? .distantPast) < ($1.lease?.grantedAt ?? .distantPast) }
        var plan = Plan()
        if let named = report.jobIDs {
            let working = Set(named.prefix(10_000))
            plan.renewed = byGrant.filter { working.contains($0.id) }
            plan.disowned = byGrant.filter { !working.contains($0.id) && $0.lease?.acknowledged == false }
            return plan
        }
        let acknowledged = byGrant.filter { $0.lease?.acknowledged == true }
        let covered = max(0, (report.inflight ?? 0) - acknowledged.count)
        let newlyKnown = byGrant.filter { $0.lease?.acknowledged == false }.prefix(covered)
        let renewing = Set(acknowledged.map(\.id)).union(newlyKnown.map(\.id))
        plan.renewed = byGrant.filter { renewing.contains($0.id) }
        plan.held = byGrant.filter { !renewing.contains($0.id) }
        return plan
    }

    /// Whether the miner says what it works on: its last heartbeat carried `job_ids` (kept in the
    /// `last_report` attribute). Its polled leases then last one heartbeat timeout, not until their bound.
    static func namesJobs(_ miner: Miner) -> Bool {
        guard let ids = miner.attributes["last_report"]?["job_ids"] else { return false }
        return ids != .null
    }

    /// The latest deadline a lease granted at `grantedAt` may have while it is held unacknowledged.
    static func bound(grantedAt: Date, _ configuration: CoordinatorConfiguration) -> Date {
        grantedAt.addingTimeInterval(configuration.maxJobSeconds)
    }
}
