/// A piece of HTML whose interpolated text is escaped by construction.
///
/// Literal parts are markup; every interpolated `String` (a job id, a miner name, anything a client or a
/// miner chose) is escaped, so a value can never open a tag or leave an attribute. Only another
/// ``HTML`` value is inserted as is.
///
/// ```swift
/// let row: HTML = "<td><a href=\"/ui/miners/\(minerID)\">\(minerName)</a></td>"
/// ```
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public private(set) var text: String

    /// Markup written by this program (never user data).
    public init(stringLiteral value: String) { text = value }

    public init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }

    /// Joins fragments.
    public init(_ parts: [HTML]) {
        var text = ""
        for part in parts { text += part.text }
        self.text = text
    }

    public var description: String { text }

    /// Escapes `&`, `<`, `>`, `"` and `'`: safe in text and in quoted attribute values.
    public static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return value
        }
        var out = ""
        out.reserveCapacity(value.utf8.count + 16)
        for character in value.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Builds ``HTML``: literals as markup, values escaped.
    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) { text += literal }

        /// Text: escaped.
        public mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }

        /// Text: escaped.
        public mutating func appendInterpolation(_ value: Substring) { text += HTML.escape(String(value)) }

        /// Markup: inserted as is.
        public mutating func appendInterpolation(_ value: HTML) { text += value.text }

        /// Fragments: inserted as is, one after another.
        public mutating func appendInterpolation(_ values: [HTML]) {
            for value in values { text += value.text }
        }

        /// A number.
        public mutating func appendInterpolation<N: BinaryInteger>(_ value: N) { text += String(value) }

        /// A number with `digits` decimals.
        public mutating func appendInterpolation(_ value: Double, digits: Int = 2) {
            text += ConsoleFormat.decimal(value, digits: digits)
        }
    }
}
