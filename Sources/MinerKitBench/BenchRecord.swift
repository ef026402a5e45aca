import Foundation
import Synchronization

/// The figures of one bench run, written as JSON with `--json FILE` for `scripts/bench-compare`.
///
/// A row records each figure it prints, under the bench that is running (``bench``, set by main):
/// ```swift
/// BenchRecord.add("cycle server CPU", cpu * 1e6, unit: "µs")
/// ```
/// A figure recorded again (the next round) is kept beside the first; the comparison takes the median.
enum BenchRecord {
    /// The bench the recorded figures belong to (`coordinator-sqlite`, …).
    @TaskLocal static var bench = "unnamed"

    /// Adds `value` (in `unit`; say "/s" for rates, so readers know higher is better) as `metric`.
    static func add(_ metric: String, _ value: Double, unit: String) {
        guard value.isFinite else { return }
        let entry = Entry(bench: bench, metric: metric, unit: unit, value: value)
        entries.withLock { $0.append(entry) }
    }

    /// Writes everything recorded so far, with the machine and the time, to `path`.
    static func write(to path: String) throws {
        let document = Document(date: ISO8601DateFormatter().string(from: Date()), machine: machine,
                                arguments: Array(CommandLine.arguments.dropFirst()), results: entries.withLock { $0 })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(document).write(to: URL(fileURLWithPath: path))
    }

    private struct Entry: Encodable {
        var bench: String
        var metric: String
        var unit: String
        var value: Double
    }

    private struct Document: Encodable {
        var date: String
        var machine: String
        var arguments: [String]
        var results: [Entry]
    }

    private static let entries = Mutex<[Entry]>([])

    /// The CPU model and how many cores the process may use (`/proc/cpuinfo`).
    private static var machine: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }
}
