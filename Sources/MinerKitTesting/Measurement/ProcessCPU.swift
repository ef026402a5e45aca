import Foundation

/// CPU time a process has used, read from `/proc/PID/stat` (Linux); for benchmarks. CPU time holds on a
/// noisy machine where wall-clock throughput does not.
public enum ProcessCPU {
    /// User plus system CPU seconds used by process `pid` so far, or 0 when it cannot be read.
    public static func seconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
