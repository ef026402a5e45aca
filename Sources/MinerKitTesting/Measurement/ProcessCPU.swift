import Foundation

/// CPU time a process has used, read from `/proc/PID/stat` (Linux); for benchmarks. CPU time holds on a
/// noisy machine where wall-clock throughput does not.
public enum ProcessCPU {
    /// User plus system CPU seconds used by process `pid` so far, or 0 when it cannot be read; with
    /// `includingReapedChildren`, also those of its children that have exited and been waited for.
    public static func seconds(pid: Int32, includingReapedChildren: Bool = false) -> Double {
        // Fields after the command name: state is field 3; utime, stime, cutime and cstime are 14 to 17.
        guard let fields = statFields(pid), fields.count > 14 else { return 0 }
        let columns = includingReapedChildren ? 11...14 : 11...12
        let ticks = columns.reduce(0.0) { $0 + (Double(fields[$1]) ?? 0) }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The parent of process `pid`, or nil when it cannot be read.
    public static func parent(of pid: Int32) -> Int32? {
        guard let fields = statFields(pid), fields.count > 1 else { return nil }
        return Int32(fields[1])
    }

    /// The fields of `/proc/PID/stat` after the command name (the state first).
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: end)...].split(separator: " ")
    }
}
