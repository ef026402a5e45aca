/// The leadership of a coordinator that shares its database with no other: always the leader.
public struct SoleNode: MaintenanceLeadership {
    public init() {}
    public func isLeader() async -> Bool { true }
    public func resign() async {}
}
