import Foundation

/// How the pool writes instants on the wire: ISO-8601 in UTC, whole seconds (`2026-01-01T12:00:00Z`).
enum PoolTimeFormat {
    /// `date` as ISO-8601.
    static func string(_ date: Date) -> String { date.formatted(.iso8601) }
}
