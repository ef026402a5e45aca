/// JSON text to and from ``JSONValue`` without Foundation's coders, for the hot paths (stored job
/// params and metrics, miner rows, receipts, response bodies).
///
/// The writer produces the bytes `JSONEncoder` produces with `[.sortedKeys, .withoutEscapingSlashes]`:
/// keys sorted by their UTF-8 bytes, `"` `\` and control characters escaped (`\b \f \n \r \t`, else
/// lowercase `\u00xx`), everything else (non-ASCII, `/`) as is, and numbers as Swift's `description`
/// without a trailing `.0`. The parser accepts what `JSONDecoder` accepts for a ``JSONValue``: RFC 8259
/// JSON with surrounding whitespace, plus one trailing comma in a non-empty array or object; nesting at
/// most 512 deep; numbers that fit a finite `Double` (not one that underflows to zero).
enum JSONText {
    /// Containers nested deeper than this are refused, as Foundation refuses them.
    static let maximumDepth = 512

    // MARK: Writing

    /// Appends `value` to `out`; `false` (with `out` partly written) for NaN, an infinity or nesting
    /// deeper than ``maximumDepth``, which `JSONEncoder` refuses too.
    static func write(_ value: JSONValue, sortedKeys: Bool, into out: inout [UInt8], depth: Int = 0) -> Bool {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): return writeNumber(n, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            guard depth < maximumDepth else { return false }
            out.append(UInt8(ascii: "["))
            var first = true
            for item in items {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                guard write(item, sortedKeys: sortedKeys, into: &out, depth: depth + 1) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard depth < maximumDepth else { return false }
            out.append(UInt8(ascii: "{"))
            var first = true
            func member(_ key: String, _ value: JSONValue) -> Bool {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                return write(value, sortedKeys: sortedKeys, into: &out, depth: depth + 1)
            }
            if sortedKeys && members.count > 1 {
                for (key, value) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                    guard member(key, value) else { return false }
                }
            } else {
                for (key, value) in members {
                    guard member(key, value) else { return false }
                }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// A finite number as `JSONEncoder` writes it (`false` for NaN and infinities).
    static func writeNumber(_ n: Double, into out: inout [UInt8]) -> Bool {
        guard n.isFinite else { return false }
        // Integral values below 2^53 print as their integer (Swift's description is "256.0").
        if n == n.rounded(.towardZero), n.magnitude < 9_007_199_254_740_992 {
            if n == 0, n.sign == .minus {
                out.append(contentsOf: "-0".utf8)
            } else {
                writeInteger(Int64(n), into: &out)
            }
            return true
        }
        var text = n.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
        return true
    }

    /// The decimal digits of `value`.
    static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: buffer[index...])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A quoted string with `JSONEncoder`'s escapes (slashes not escaped).
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var mark = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5c else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[mark..<index]))
                mark = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: out.append(UInt8(ascii: "\""))
                case 0x5c: out.append(UInt8(ascii: "\\"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0c: out.append(UInt8(ascii: "f"))
                case 0x0a: out.append(UInt8(ascii: "n"))
                case 0x0d: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    out.append(contentsOf: "u00".utf8)
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0xf)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[mark...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: Parsing

    /// Parses one JSON document filling all of `bytes` (whitespace aside); `nil` when it is not one,
    /// including when an object repeats a key.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        try? document(bytes, as: JSONValue.self)
    }

    /// Parses a JSON document held in a string.
    static func parse(_ text: String) -> JSONValue? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Parses one JSON document filling all of `bytes` into `Tree`; throws `invalid_json` (with the byte
    /// offset) or `duplicate_key` (naming the key and the object's path), both `.invalidInput`.
    static func document<Tree: JSONTree>(_ bytes: UnsafeBufferPointer<UInt8>, as tree: Tree.Type) throws -> Tree {
        var parser = Parser<Tree>(bytes: bytes)
        if let value = parser.value(depth: 0) {
            parser.skipWhitespace()
            if parser.position == bytes.count { return value }
        }
        if let duplicate = parser.duplicate {
            throw JSONDuplicateKeys.error(key: duplicate.key, path: duplicate.path)
        }
        throw MinerKitError(.invalidInput, code: "invalid_json", "the text is not valid JSON (at byte \(parser.position))")
    }

    private struct Parser<Tree: JSONTree> {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        /// The repeated key that stopped the parse, with the path of its object (outermost first).
        var duplicate: (key: String, path: [JSONPathComponent])?

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x0a, 0x0d, 0x09: position += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) -> Tree? {
            skipWhitespace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: "{"): return object(depth: depth + 1)
            case UInt8(ascii: "["): return array(depth: depth + 1)
            case UInt8(ascii: "\""): return string().map(Tree.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number().flatMap(Tree.number)
            }
        }

        private mutating func literal(_ word: StaticString, _ value: Tree) -> Tree? {
            let count = word.utf8CodeUnitCount
            guard bytes.count - position >= count else { return nil }
            for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return nil }
            position += count
            return value
        }

        private mutating func object(depth: Int) -> Tree? {
            guard depth <= JSONText.maximumDepth else { return nil }
            position += 1  // {
            var members: [String: Tree] = [:]
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
                position += 1
                guard let member = value(depth: depth) else {
                    duplicate?.path.insert(.key(key), at: 0)
                    return nil
                }
                // A repeated key is refused: readers disagree on which copy counts.
                guard members.updateValue(member, forKey: key) == nil else {
                    duplicate = (key, [])
                    return nil
                }
                guard let closed = endOfItem(closing: UInt8(ascii: "}")) else { return nil }
                if closed { return .object(members) }
            }
        }

        private mutating func array(depth: Int) -> Tree? {
            guard depth <= JSONText.maximumDepth else { return nil }
            position += 1  // [
            var items: [Tree] = []
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(items)
            }
            while true {
                guard let item = value(depth: depth) else {
                    duplicate?.path.insert(.index(items.count), at: 0)
                    return nil
                }
                items.append(item)
                guard let closed = endOfItem(closing: UInt8(ascii: "]")) else { return nil }
                if closed { return .array(items) }
            }
        }

        /// After an array item or object member: `true` once `closing` is consumed (one trailing comma
        /// allowed, as `JSONDecoder` allows), `false` after a comma with more to come, `nil` otherwise.
        private mutating func endOfItem(closing: UInt8) -> Bool? {
            skipWhitespace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
                guard position < bytes.count, bytes[position] == closing else { return false }
                position += 1
                return true
            case closing:
                position += 1
                return true
            default: return nil
            }
        }

        /// A string starting at the opening quote; `nil` for a bad escape, a raw control character,
        /// a lone surrogate or a missing closing quote.
        private mutating func string() -> String? {
            position += 1  // "
            let start = position
            // Fast path: no escapes.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { return nil }
                position += 1
            }
            guard position < bytes.count else { return nil }
            var scalars = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(decoding: scalars, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    position += 1
                    guard position < bytes.count else { return nil }
                    let escaped = bytes[position]
                    position += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0c)
                    case UInt8(ascii: "n"): scalars.append(0x0a)
                    case UInt8(ascii: "r"): scalars.append(0x0d)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var code = hex4() else { return nil }
                        if (0xD800...0xDBFF).contains(code) {
                            guard bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
                                  bytes[position + 1] == UInt8(ascii: "u") else { return nil }
                            position += 2
                            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) {
                            return nil
                        }
                        guard let scalar = Unicode.Scalar(code) else { return nil }
                        scalars.append(contentsOf: UTF8.encode(scalar)!)
                    default: return nil
                    }
                default:
                    if byte < 0x20 { return nil }
                    scalars.append(byte)
                    position += 1
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard bytes.count - position >= 4 else { return nil }
            var code: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                code = code << 4 | UInt32(digit)
                position += 1
            }
            return code
        }

        /// A number token in JSON's grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
        private mutating func number() -> JSONNumberToken? {
            let start = position
            var negative = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
                negative = true
                position += 1
            }
            let integerStart = position
            var integer: UInt64 = 0
            while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 {
                integer = integer &* 10 &+ UInt64(bytes[position] &- UInt8(ascii: "0"))
                position += 1
            }
            let integerDigits = position - integerStart
            guard integerDigits > 0 else { return nil }
            if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") { return nil }
            var isInteger = true
            var nonZero = bytes[integerStart] != UInt8(ascii: "0")  // no leading zeros: any other digit makes it non-zero
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                isInteger = false
                position += 1
                let fractionStart = position
                while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 {
                    if bytes[position] != UInt8(ascii: "0") { nonZero = true }
                    position += 1
                }
                guard position > fractionStart else { return nil }
            }
            if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
                isInteger = false
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                    position += 1
                }
                let exponentStart = position
                while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
                guard position > exponentStart else { return nil }
            }
            // Up to 15 digits are exact in a Double: no rounding to get right.
            var exact: Double?
            if isInteger, integerDigits <= 15 {
                exact = negative ? -Double(integer) : Double(integer)
            }
            return JSONNumberToken(text: UnsafeBufferPointer(rebasing: bytes[start..<position]), isInteger: isInteger,
                                   nonZero: nonZero, exactValue: exact)
        }
    }
}
