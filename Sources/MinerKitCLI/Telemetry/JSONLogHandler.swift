import Logging

/// A swift-log handler writing one JSON object per line to a ``LogSink``, for log collectors:
/// `{"time", "level", "label", "message", "source"}` plus every metadata key at the top level (values
/// as strings; nested metadata as JSON arrays and objects). Keys are sorted so lines diff and grep well;
/// the five fixed keys win over metadata of the same name.
struct JSONLogHandler: LogHandler {
    let label: String
    let sink: LogSink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider

    init(label: String, sink: LogSink = .standardError) {
        self.label = label
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = LogFields.merged(metadata, provider: metadataProvider, event: event)
        fields["time"] = .string(LogTimestamp.now())
        fields["level"] = .string(event.level.rawValue)
        fields["label"] = .string(label)
        fields["message"] = .string(event.message.description)
        fields["source"] = .string(event.source)
        var line = ""
        Self.append(.dictionary(fields), to: &line)
        line += "\n"
        sink.append(line, urgent: event.level >= .notice)
    }

    private static func append(_ value: Logger.Metadata.Value, to line: inout String) {
        switch value {
        case .string(let text): appendString(text, to: &line)
        case .stringConvertible(let convertible): appendString(convertible.description, to: &line)
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                append(element, to: &line)
            }
            line += "]"
        case .dictionary(let entries):
            line += "{"
            for (index, entry) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line += "," }
                appendString(entry.key, to: &line)
                line += ":"
                append(entry.value, to: &line)
            }
            line += "}"
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped (RFC 8259).
    static func appendString(_ text: String, to line: inout String) {
        line += "\""
        var clean = text.startIndex
        for index in text.unicodeScalars.indices {
            let scalar = text.unicodeScalars[index]
            let escaped: String?
            switch scalar {
            case "\"": escaped = "\\\""
            case "\\": escaped = "\\\\"
            case "\n": escaped = "\\n"
            case "\r": escaped = "\\r"
            case "\t": escaped = "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped = nil
            }
            guard let escaped else { continue }
            line.unicodeScalars.append(contentsOf: text.unicodeScalars[clean..<index])
            line += escaped
            clean = text.unicodeScalars.index(after: index)
        }
        line.unicodeScalars.append(contentsOf: text.unicodeScalars[clean...])
        line += "\""
    }
}
