import Dispatch
import Foundation
import Synchronization

/// Stops what a benchmark started (coordinator processes, PostgreSQL clusters) when the benchmark is
/// stopped with SIGTERM or SIGINT, as it does when a round ends normally.
enum BenchCleanup {
    private static let processes = Mutex<Set<Int32>>([])
    private static let clusters = Mutex<Set<String>>([])
    /// Handles SIGTERM and SIGINT while the returned sources are kept: tracked processes get SIGTERM,
    /// tracked clusters a fast shutdown, their folders are removed, and the benchmark exits with 128 +
    /// the signal.
    static func install() -> [any DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stopEverything(exitCode: 128 + signalNumber) }
            source.resume()
            return source
        }
    }

    static func track(pid: Int32) { _ = processes.withLock { $0.insert(pid) } }
    static func forget(pid: Int32) { _ = processes.withLock { $0.remove(pid) } }
    /// Tracks the cluster whose folder (holding `data/postmaster.pid`) is `directory`.
    static func track(cluster directory: URL) { _ = clusters.withLock { $0.insert(directory.path) } }
    static func forget(cluster directory: URL) { _ = clusters.withLock { $0.remove(directory.path) } }

    private static func stopEverything(exitCode: Int32) {
        for pid in processes.withLock({ $0 }) { kill(pid, SIGTERM) }
        var postmasters: [(pid: Int32, folder: String)] = []
        for folder in clusters.withLock({ $0 }) {
            let pidFile = (try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8)) ?? ""
            // SIGINT is PostgreSQL's fast shutdown: sessions end, the server exits.
            if let pid = pidFile.split(separator: "\n").first.flatMap({ Int32($0) }), kill(pid, SIGINT) == 0 {
                postmasters.append((pid, folder))
            }
        }
        for _ in 0..<100 where postmasters.contains(where: { kill($0.pid, 0) == 0 }) { usleep(50_000) }
        for (_, folder) in postmasters { try? FileManager.default.removeItem(atPath: folder) }
        exit(exitCode)
    }
}
