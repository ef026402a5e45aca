import MinerKit

/// The names AITBC's client CLI (`cli/client.py status`, `demo`) reads a job by, served beside the seed's:
/// `state` (AITBC's upper-case state), `requested_at` (the seed's `created_at`) and `assigned_miner_id`
/// (the seed's `miner_id`). The seed's names stay; these only repeat them.
extension JobBody {
    enum AITBCKeys: String, CodingKey, CaseIterable {
        case state
        case requestedAt = "requested_at"
        case assignedMinerID = "assigned_miner_id"
    }

    /// AITBC's state for a seed `status`: `QUEUED`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELED`.
    static func aitbcState(_ status: String) -> String {
        switch status {
        case JobState.queued.apiName: "QUEUED"
        case JobState.leased.apiName: "RUNNING"
        case JobState.cancelled.apiName: "CANCELED"
        default: status.uppercased()
        }
    }

    /// The AITBC members of the served document.
    var aitbcMembers: [String: JSONValue] {
        JSONValue.members(AITBCKeys.self) { key in
            switch key {
            case .state: .string(Self.aitbcState(status))
            case .requestedAt: .string(APIJSON.timestamp(createdAt))
            case .assignedMinerID: minerID.map(JSONValue.string)
            }
        }
    }

    /// The schema of the member `key` of ``aitbcMembers``.
    static func aitbcSchema(_ key: AITBCKeys) -> WireSchema {
        switch key {
        case .state:
            .string(values: JobState.allCases.map { aitbcState($0.apiName) }).described("AITBC's name for `status`").required
        case .requestedAt: .dateTime.described("AITBC's name for `created_at`").required
        case .assignedMinerID: .string().described("AITBC's name for `miner_id`")
        }
    }
}
