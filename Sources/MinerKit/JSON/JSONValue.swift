import Foundation

/// Any JSON value, for the free-form parts of the wire formats (job params, payloads, metrics).
public enum JSONValue: Sendable, Equatable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The value as a string, when it is one.
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    /// The value as a number, when it is one.
    public var doubleValue: Double? { if case .number(let n) = self { return n }; return nil }
}

extension JSONValue {
    /// Encodes to compact JSON with sorted keys (stable bytes for storage and hashing): the bytes
    /// `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]`, without its cost. A document
    /// `JSONEncoder` refuses (NaN, an infinity) is `null`.
    public func jsonString() -> String {
        jsonText() ?? "null"
    }

    /// Like ``jsonString()``, but `nil` for a document JSON cannot hold (NaN, an infinity, nesting
    /// deeper than 512), which `JSONEncoder` refuses with an error.
    public func jsonText() -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        guard JSONText.write(self, sortedKeys: true, into: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses JSON text; `nil` when it is not valid JSON (what `JSONDecoder` refuses) or an object in it
    /// repeats a key (see ``JSONDuplicateKeys``).
    public init?(jsonString: String) {
        guard let value = JSONText.parse(jsonString) else { return nil }
        self = value
    }

    /// Parses JSON text, saying why it is refused: `invalid_json` (with the byte offset) or
    /// `duplicate_key` (naming the key and its object's path), both `MinerKitError(.invalidInput)`.
    public init(parsing text: String) throws {
        var text = text
        self = try text.withUTF8 { try JSONText.document($0, as: JSONValue.self) }
    }
}
