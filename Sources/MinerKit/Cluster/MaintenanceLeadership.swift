/// Decides which node runs housekeeping (reaping lapsed leases, marking silent miners offline,
/// sealing blocks), so that nodes sharing one database do not all scan it every second.
///
/// ``Coordinator/runMaintenance(every:onReport:onError:)`` asks before each pass. One process is always
/// its own leader (``SoleNode``); `MinerKitPostgres` elects one node with a session advisory lock, and
/// another takes over within a few seconds when it dies. Correctness never depends on it: every pass is
/// one unit of work that claims rows with skip-locked semantics, so two leaders at once (for a moment
/// during a hand-over) only do the same work twice, never differently.
public protocol MaintenanceLeadership: Sendable {
    /// Whether this node should run the next pass; a node that is not the leader tries to become it.
    func isLeader() async -> Bool
    /// Gives leadership up (a node that stops), so another node takes over at its next try.
    func resign() async
}
