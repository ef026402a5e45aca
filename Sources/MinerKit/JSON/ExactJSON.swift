/// A JSON document whose numbers keep the kind the sender wrote: an integer (no fraction, no exponent)
/// exact at any size, as Python's `int` holds it, and any other number as a `Double`, as Python's `float`
/// holds it. ``JSONValue`` reads both as `Double`, which loses `2.0` versus `2` and integers above 2^53;
/// a signature over Python's `json.dumps` text (``AITBCCanonicalJSON``) needs them.
enum ExactJSON: Sendable, Equatable, JSONTree {
    case null
    case bool(Bool)
    /// The integer's decimal text (`-12`, `12345678901234567891`), never `-0`.
    case integer(String)
    case float(Double)
    case string(String)
    case array([ExactJSON])
    case object([String: ExactJSON])

    /// Parses `text` (the same grammar and refusals as ``JSONValue/init(parsing:)``: `invalid_json`,
    /// `duplicate_key`).
    init(parsing text: String) throws {
        var text = text
        self = try text.withUTF8 { try JSONText.document($0, as: ExactJSON.self) }
    }

    /// `value` with each integral number of magnitude at most 2^53 read as an integer and any other as a
    /// float: the best reading when the text is gone.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n):
            if n == n.rounded(), n.magnitude <= 9_007_199_254_740_992 {
                self = .integer(String(Int64(n)))
            } else {
                self = .float(n)
            }
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(ExactJSON.init))
        case .object(let members): self = .object(members.mapValues(ExactJSON.init))
        }
    }

    static func number(_ token: JSONNumberToken) -> ExactJSON? {
        if token.isInteger {
            let text = token.string
            return .integer(text == "-0" ? "0" : text)
        }
        return token.double.map(ExactJSON.float)
    }
}
