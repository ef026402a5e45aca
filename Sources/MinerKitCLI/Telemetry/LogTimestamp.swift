import Foundation
import Synchronization

/// The time a log line carries, in UTC with milliseconds (`2026-11-30T10:28:31.042Z`). The date and
/// time of day are formatted once per second and reused, so a line costs a clock read and a few digits.
enum LogTimestamp {
    private static let cache = Mutex<(second: Int, text: String)>((-1, ""))

    /// The current time as text.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let second = spec.tv_sec
        let prefix = cache.withLock { cached -> String in
            if cached.second != second {
                cached = (second, format(second))
            }
            return cached.text
        }
        let millis = Int(spec.tv_nsec) / 1_000_000
        let digits = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(prefix).\(digits)Z"
    }

    private static func format(_ second: Int) -> String {
        var time = time_t(second)
        var parts = tm()
        gmtime_r(&time, &parts)
        var buffer = [Int8](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
