import Logging

/// How a log line is laid out (`--log-format`).
enum LogLayout: String {
    /// `time level label: key=value … [source] message`, keys sorted: swift-log's `StreamLogHandler`
    /// layout, with a UTC time to the millisecond.
    case text
    /// One JSON object: `time`, `level`, `label`, `message`, `source` and every metadata key at the top
    /// level (values as strings, nested metadata as JSON arrays and objects), keys sorted; the five fixed
    /// keys win over metadata of the same name.
    case json

    /// The line, newline included.
    func line(time: String, level: Logger.Level, label: String, message: String, source: String,
              metadata: Logger.Metadata) -> String {
        switch self {
        case .text:
            var line = "\(time) \(level.rawValue) \(label):"
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                line += " "
                line += key
                line += "="
                line += value.description
            }
            line += " [\(source)] \(message)\n"
            return line
        case .json:
            var fields = metadata
            fields["time"] = .string(time)
            fields["level"] = .string(level.rawValue)
            fields["label"] = .string(label)
            fields["message"] = .string(message)
            fields["source"] = .string(source)
            var line = ""
            Self.appendJSON(.dictionary(fields), to: &line)
            line += "\n"
            return line
        }
    }

    private static func appendJSON(_ value: Logger.Metadata.Value, to line: inout String) {
        switch value {
        case .string(let text): appendJSONString(text, to: &line)
        case .stringConvertible(let convertible): appendJSONString(convertible.description, to: &line)
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                appendJSON(element, to: &line)
            }
            line += "]"
        case .dictionary(let entries):
            line += "{"
            for (index, entry) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line += "," }
                appendJSONString(entry.key, to: &line)
                line += ":"
                appendJSON(entry.value, to: &line)
            }
            line += "}"
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped (RFC 8259).
    private static func appendJSONString(_ text: String, to line: inout String) {
        line += "\""
        var clean = text.unicodeScalars.startIndex
        for index in text.unicodeScalars.indices {
            let scalar = text.unicodeScalars[index]
            let escaped: String
            switch scalar {
            case "\"": escaped = "\\\""
            case "\\": escaped = "\\\\"
            case "\n": escaped = "\\n"
            case "\r": escaped = "\\r"
            case "\t": escaped = "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: continue
            }
            line.unicodeScalars.append(contentsOf: text.unicodeScalars[clean..<index])
            line += escaped
            clean = text.unicodeScalars.index(after: index)
        }
        line.unicodeScalars.append(contentsOf: text.unicodeScalars[clean...])
        line += "\""
    }
}
