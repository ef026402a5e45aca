/// The bytes an AITBC coordinator signs: Python's
/// `json.dumps(drop_nulls(obj), sort_keys=True, separators=(",", ":"))` encoded as UTF-8.
///
/// It differs from MinerKit's ``CanonicalJSON`` in three ways, each seen in receipts AITBC serves:
/// - `null` is dropped at every depth, from arrays as well as objects (`["a",null,"b"]` → `["a","b"]`);
/// - a number keeps its Python type: an integer is written exactly at any size (`12345678901234567891`),
///   a float as `repr(float)` even when integral (`2.0`, `1e-07`, `1.5e+20`);
/// - so it reads ``ExactJSON``, which keeps that type from the text, not ``JSONValue``.
///
/// Keys are sorted by Unicode code point and strings escaped as with `ensure_ascii=True`, as in
/// ``CanonicalJSON``. NaN and infinities are refused (`invalid_number`): they are not JSON.
enum AITBCCanonicalJSON {
    /// Canonical UTF-8 bytes of `value`.
    static func encode(_ value: ExactJSON) throws -> [UInt8] {
        var out = [UInt8]()
        try write(value, into: &out)
        return out
    }

    private static func write(_ value: ExactJSON, into out: inout [UInt8]) throws {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .integer(let digits): out += Array(digits.utf8)
        case .float(let n): out += Array(try CanonicalJSON.pythonFloat(n).utf8)
        case .string(let s): CanonicalJSON.writeString(s, into: &out)
        case .array(let items):
            try CanonicalJSON.writeArray(items.filter { $0 != .null }, into: &out) { try write($0, into: &$1) }
        case .object(let members):
            try CanonicalJSON.writeObject(members.filter { $0.value != .null }, into: &out) { try write($0, into: &$1) }
        }
    }
}
