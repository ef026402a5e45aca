/// Which of a miner's live leases a heartbeat renews: the one rule for "does the miner know about
/// this lease?".
///
/// A lease the miner asked for by job id (claim, accept) is acknowledged when granted. A lease handed
/// out by a poll starts unacknowledged, because the poll's answer may never have reached the miner
/// (a timeout, a restart, a dropped connection). It becomes acknowledged once a heartbeat names it in
/// `job_ids`, or once a heartbeat's `inflight` count covers it; a result or a failure report ends it.
///
/// - With `job_ids`, exactly the named live leases are renewed (and so acknowledged).
/// - Otherwise every acknowledged lease is renewed, and `inflight` minus the acknowledged count more,
///   oldest grant first: leases are granted in order and the answers lost are the last ones sent.
///
/// An unacknowledged lease is never renewed, so it lapses at its first deadline, one heartbeat timeout
/// after it was granted, whatever the miner sends; an `inflight` lower than the acknowledged count
/// renews them all still (a miner that always says `inflight: 0` keeps the leases it asked for).
enum LeaseAcknowledgement {
    /// The jobs among `live` (the miner's live leases) that `report` renews, oldest grant first.
    static func renewed(_ live: [Job], report: HeartbeatReport) -> [Job] {
        let byGrant = live.sorted { ($0.lease?.grantedAt ?? .distantPast) < ($1.lease?.grantedAt ?? .distantPast) }
        if let named = report.jobIDs {
            let working = Set(named.prefix(10_000))
            return byGrant.filter { working.contains($0.id) }
        }
        let acknowledged = byGrant.filter { $0.lease?.acknowledged == true }
        let covered = max(0, (report.inflight ?? 0) - acknowledged.count)
        let newlyKnown = byGrant.filter { $0.lease?.acknowledged == false }.prefix(covered)
        let renewing = Set(acknowledged.map(\.id)).union(newlyKnown.map(\.id))
        return byGrant.filter { renewing.contains($0.id) }
    }
}
