/// A reader for the YAML subset model configs use: nested mappings by two-space indentation, scalars
/// (integers, floats, booleans, plain or quoted strings), flow lists of scalars (`[0.9, 0.99]`) and
/// `#` comments.
///
/// Anything outside that subset (tabs, block sequences, anchors, aliases, tags, multi-line scalars,
/// several documents, duplicate keys, odd indentation) is refused with
/// `MinerKitError(.invalidInput, code: "invalid_config")` rather than guessed at.
public indirect enum ConfigValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([ConfigValue])
    case map([String: ConfigValue])

    /// Parses YAML text whose top level is a mapping.
    public static func parseYAML(_ text: String) throws -> ConfigValue {
        var lines: [(number: Int, indent: Int, text: Substring)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            guard !line.contains("\t") else { throw bad(i + 1, "tabs are not allowed") }
            let body = stripComment(line)
            let trimmed = body.drop { $0 == " " }
            if trimmed.isEmpty { continue }
            lines.append((i + 1, body.count - trimmed.count, trimSpaces(trimmed)))
        }
        var index = 0
        let root = try parseMap(lines, &index, indent: 0)
        if index < lines.count { throw bad(lines[index].number, "unexpected indentation") }
        return root
    }

    private static func parseMap(_ lines: [(number: Int, indent: Int, text: Substring)], _ index: inout Int, indent: Int) throws -> ConfigValue {
        var map: [String: ConfigValue] = [:]
        while index < lines.count, lines[index].indent == indent {
            let (number, _, text) = lines[index]
            guard let colon = text.firstIndex(of: ":") else { throw bad(number, "expected 'key: value'") }
            let key = String(text[..<colon])
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
                throw bad(number, "unsupported key '\(key)'")
            }
            guard map[key] == nil else { throw bad(number, "duplicate key '\(key)'") }
            let rest = text[text.index(after: colon)...].drop { $0 == " " }
            guard rest.isEmpty || text[text.index(after: colon)] == " " else { throw bad(number, "expected a space after ':'") }
            index += 1
            if rest.isEmpty {
                guard index < lines.count, lines[index].indent > indent, lines[index].indent == indent + 2 else {
                    throw bad(number, "'\(key):' needs a nested mapping indented by two spaces")
                }
                map[key] = try parseMap(lines, &index, indent: indent + 2)
            } else {
                map[key] = try scalarOrList(rest, line: number)
            }
        }
        if index < lines.count, lines[index].indent > indent { throw bad(lines[index].number, "unexpected indentation") }
        return .map(map)
    }

    private static func scalarOrList(_ s: Substring, line: Int) throws -> ConfigValue {
        if s.first == "[" {
            guard s.last == "]" else { throw bad(line, "unterminated list") }
            let inner = s.dropFirst().dropLast()
            if inner.allSatisfy({ $0 == " " }) { return .list([]) }
            return .list(try inner.split(separator: ",", omittingEmptySubsequences: false).map {
                try scalar(trimSpaces($0), line: line)
            })
        }
        return try scalar(s, line: line)
    }

    private static func scalar(_ s: Substring, line: Int) throws -> ConfigValue {
        guard let first = s.first else { throw bad(line, "empty value") }
        if first == "'" || first == "\"" {
            guard s.count >= 2, s.last == first, !s.dropFirst().dropLast().contains(first) else { throw bad(line, "bad quoted string") }
            return .string(String(s.dropFirst().dropLast()))
        }
        guard !"&*!|>-{}[],%@`".contains(first) else { throw bad(line, "unsupported YAML syntax '\(s)'") }
        switch s {
        case "true", "True": return .bool(true)
        case "false", "False": return .bool(false)
        default: break
        }
        if let i = Int(s) { return .int(i) }
        if let d = Double(s), d.isFinite { return .double(d) }
        guard s.allSatisfy({ $0.isLetter || $0.isNumber || "_-. /".contains($0) }) else { throw bad(line, "unsupported value '\(s)'") }
        return .string(String(s))
    }

    private static func trimSpaces(_ s: Substring) -> Substring {
        var t = s.drop { $0 == " " }
        while t.last == " " { t = t.dropLast() }
        return t
    }

    private static func stripComment(_ line: Substring) -> Substring {
        var quote: Character?
        var previous: Character = " "
        for i in line.indices {
            let c = line[i]
            if let q = quote { if c == q { quote = nil } } else if c == "'" || c == "\"" { quote = c } else if c == "#", previous == " " { return line[..<i] }
            previous = c
        }
        return line
    }

    private static func bad(_ line: Int, _ detail: String) -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_config", "config.yaml line \(line): \(detail)")
    }

    /// The member `key` of a mapping.
    public subscript(key: String) -> ConfigValue? {
        if case .map(let m) = self { return m[key] }
        return nil
    }
}
