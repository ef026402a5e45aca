import Foundation

/// How the console writes times, ages and numbers: UTC, ISO 8601, the same on every page and in tests.
enum ConsoleFormat {
    /// `2026-11-30T10:35:07Z` (UTC, whole seconds).
    static func time(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// `4 s`, `3 min`, `2 h`, `5 d`: how long ago `date` was at `now`.
    static func age(_ date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<120: return "\(seconds) s"
        case ..<7200: return "\(seconds / 60) min"
        case ..<172_800: return "\(seconds / 3600) h"
        default: return "\(seconds / 86400) d"
        }
    }

    /// `value` with `digits` decimals.
    static func decimal(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "-" }
        return String(format: "%.\(max(0, min(digits, 9)))f", value)
    }

    /// The first `count` characters and an ellipsis (hashes in tables); the whole is in a `title`.
    static func short(_ value: String, _ count: Int = 12) -> String {
        value.count <= count ? value : String(value.prefix(count)) + "…"
    }
}
