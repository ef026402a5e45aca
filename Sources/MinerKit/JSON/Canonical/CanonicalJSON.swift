/// The canonical byte encoding of signed documents (receipts first).
///
/// The same document always yields the same bytes, whatever order its fields were built or decoded in,
/// and the bytes equal what this ecosystem's existing verifiers compute in Python with
/// `json.dumps(drop_none(obj), sort_keys=True, separators=(",", ":"))`:
///
/// - Object members are sorted by key, by Unicode code point (Python's `str` order); members whose
///   value is `null` are dropped, at every depth. `null` inside arrays is kept.
/// - No whitespace; separators are `,` and `:`.
/// - Strings escape `"` and `\`, use `\b \f \n \r \t` for those controls, and write every other
///   character outside printable ASCII (U+0020...U+007E) as lowercase `\uxxxx` (a UTF-16 surrogate
///   pair above U+FFFF), exactly as Python's default `ensure_ascii=True` does. `/` is not escaped.
/// - Numbers (``JSONValue`` holds them as `Double`): an integral value with magnitude at most 2^53 is
///   written as an integer (`3`, `-0.0` as `0`), matching the Python `int` the sender had; any other
///   value is written as Python's `repr(float)`: the shortest round-tripping digits, in positional form
///   when the decimal exponent is in -4..<16 (`0.5`, `0.0001`) and as `1e-05`, `1.5e+20` otherwise.
///   NaN and infinities are refused: they are not JSON.
public enum CanonicalJSON {
    /// Canonical UTF-8 bytes of `value`; throws `invalid_number` for NaN or an infinity.
    public static func encode(_ value: JSONValue) throws -> [UInt8] {
        var out = [UInt8]()
        try write(value, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8]) throws {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number(let n): out += Array(try number(n).utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let items): try writeArray(items, into: &out) { try write($0, into: &$1) }
        case .object(let members):
            try writeObject(members.filter { $0.value != .null }, into: &out) { try write($0, into: &$1) }
        }
    }

    /// `[…]` of `items` in order, each written by `write`; the caller drops what it does not keep first.
    static func writeArray<Value>(_ items: [Value], into out: inout [UInt8],
                                  _ write: (Value, inout [UInt8]) throws -> Void) rethrows {
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            try write(item, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `{…}` of `members` sorted by key in Unicode code-point order (Python's `sort_keys=True`), each
    /// value written by `write`; the caller drops what it does not keep (`null`s) first.
    static func writeObject<Value>(_ members: [String: Value], into out: inout [UInt8],
                                   _ write: (Value, inout [UInt8]) throws -> Void) rethrows {
        out.append(UInt8(ascii: "{"))
        let sorted = members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) { $0.value < $1.value } }
        for (i, member) in sorted.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            writeString(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            try write(member.value, &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A quoted string with Python's `ensure_ascii=True` escapes.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for unit in s.utf16 {
            switch unit {
            case 0x22: out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case 0x5c: out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0c: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0a: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0d: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x20...0x7e: out.append(UInt8(unit))
            default:
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"),
                        hexDigits[Int(unit >> 12)], hexDigits[Int(unit >> 8 & 0xf)],
                        hexDigits[Int(unit >> 4 & 0xf)], hexDigits[Int(unit & 0xf)]]
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The number text described in the type's documentation.
    static func number(_ n: Double) throws -> String {
        guard n.isFinite else {
            throw MinerKitError(.invalidInput, code: "invalid_number", "NaN and infinities have no JSON encoding")
        }
        if n == n.rounded(), abs(n) <= 9_007_199_254_740_992 {
            return String(Int64(n))
        }
        return pythonRepr(n)
    }

    /// Python's `repr(float)` for any finite `n` (`2.0`, `-0.0`, `1e-07`); `invalid_number` otherwise.
    static func pythonFloat(_ n: Double) throws -> String {
        guard n.isFinite else {
            throw MinerKitError(.invalidInput, code: "invalid_number", "NaN and infinities have no JSON encoding")
        }
        if n == 0 { return n.sign == .minus ? "-0.0" : "0.0" }
        return pythonRepr(n)
    }

    /// Python's `repr(float)` for a finite, non-zero `n`, rebuilt from Swift's shortest round-trip digits.
    private static func pythonRepr(_ n: Double) -> String {
        // Swift's description holds the shortest round-tripping digits, as `d.ddd`, `ddd.0` or `d.ddde±x`.
        var text = Substring(n.magnitude.description)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        var digits = Array(whole + fraction)
        // Value = 0.digits × 10^point.
        var point = whole.count + exponent
        let leading = digits.prefix(while: { $0 == "0" }).count
        digits.removeFirst(leading)
        point -= leading
        while digits.last == "0" { digits.removeLast() }
        let sign = n < 0 ? "-" : ""
        let exp10 = point - 1
        if exp10 < -4 || exp10 >= 16 {
            let mantissa = digits.count == 1 ? String(digits) : String(digits[0]) + "." + String(digits[1...])
            let expText = String(abs(exp10))
            return sign + mantissa + "e" + (exp10 < 0 ? "-" : "+") + (expText.count < 2 ? "0" + expText : expText)
        }
        if point <= 0 {
            return sign + "0." + String(repeating: "0", count: -point) + String(digits)
        }
        if point >= digits.count {
            return sign + String(digits) + String(repeating: "0", count: point - digits.count) + ".0"
        }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }
}
