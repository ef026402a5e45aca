/// A tree the JSON parser (``JSONText``) builds: ``JSONValue`` (numbers as `Double`) or ``ExactJSON``
/// (numbers as the sender typed them). One parser serves both, so both refuse the same texts.
protocol JSONTree {
    static var null: Self { get }
    static func bool(_ value: Bool) -> Self
    static func string(_ value: String) -> Self
    static func array(_ items: [Self]) -> Self
    static func object(_ members: [String: Self]) -> Self
    /// The node for a number token; `nil` refuses the document.
    static func number(_ token: JSONNumberToken) -> Self?
}

/// A number as written in JSON text, valid only while the parser's buffer is.
struct JSONNumberToken {
    /// The token's bytes (`-12.5e3`).
    let text: UnsafeBufferPointer<UInt8>
    /// No fraction and no exponent: Python reads it as an `int`.
    let isInteger: Bool
    /// Some digit of the significand is not `0`.
    let nonZero: Bool
    /// The value, when it is an integer of at most 15 digits (exact in a `Double`, no parsing needed).
    let exactValue: Double?

    /// The nearest finite `Double`; `nil` when the token overflows or underflows to zero.
    var double: Double? {
        if let exactValue { return exactValue }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite,
              value != 0 || !nonZero else { return nil }
        return value
    }

    /// The token as a string.
    var string: String { String(decoding: text, as: UTF8.self) }
}

extension JSONValue: JSONTree {
    static func number(_ token: JSONNumberToken) -> JSONValue? {
        token.double.map(JSONValue.number)
    }
}
