import Logging
import Synchronization

/// Every line a logger wrote, as text (label, level, message, sorted metadata).
final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }

    /// A logger at `info` writing here.
    func logger() -> Logger {
        var logger = Logger(label: "captured") { label in CapturingHandler(label: label, lines: self) }
        logger.logLevel = .info
        return logger
    }
}

private struct CapturingHandler: LogHandler {
    let label: String
    let lines: CapturedLines
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lines.append("\(label) \(event.level) \(event.message) \(fields)")
    }
}
