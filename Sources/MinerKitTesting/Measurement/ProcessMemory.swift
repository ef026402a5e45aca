import Foundation

/// This process's memory use, read from `/proc/self/status` (Linux); for benchmarks and simulations.
public enum ProcessMemory {
    /// Peak resident set size in bytes (`VmHWM`), or 0 where `/proc` is not available.
    public static func peakResidentBytes() -> Int { field("VmHWM") }

    /// Current resident set size in bytes (`VmRSS`), or 0 where `/proc` is not available.
    public static func residentBytes() -> Int { field("VmRSS") }

    /// Current resident set size of process `pid` in bytes, or 0 when it cannot be read.
    public static func residentBytes(pid: Int32) -> Int { field("VmRSS", path: "/proc/\(pid)/status") }

    private static func field(_ name: String, path: String = "/proc/self/status") -> Int {
        guard let status = try? String(contentsOfFile: path, encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
        return kilobytes * 1024
    }
}
