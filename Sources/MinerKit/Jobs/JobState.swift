/// Where a job is in its life. The allowed moves are defined once, in ``JobLifecycle``.
///
/// `queued -> leased -> completed | failed`, `leased -> queued` when a lease lapses (an attempt is
/// counted), `queued | leased -> cancelled`. `completed`, `failed` and `cancelled` are final.
public enum JobState: String, Sendable, Codable, CaseIterable {
    case queued
    case leased
    case completed
    case failed
    case cancelled

    /// Whether no further transition is possible.
    public var isFinal: Bool {
        switch self {
        case .completed, .failed, .cancelled: true
        case .queued, .leased: false
        }
    }

    /// The name the coordinator API uses (`pending`, `running`, `completed`, `failed`, `cancelled`).
    public var apiName: String {
        switch self {
        case .queued: "pending"
        case .leased: "running"
        case .completed, .failed, .cancelled: rawValue
        }
    }

    /// Parses either the core name or the API name.
    public init?(apiName: String) {
        switch apiName {
        case "pending", "queued": self = .queued
        case "running", "leased": self = .leased
        default: self.init(rawValue: apiName)
        }
    }
}
