/// The dictionary literal in a `.npy` header, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }`.
///
/// Parsed token by token; exactly the keys `descr`, `fortran_order` and `shape` are accepted, with a
/// string, a boolean and a tuple of non-negative integers. Anything else is refused.
struct NpyHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    init(parsing text: String) throws {
        var s = Substring(text)
        var descr: String?, fortran: Bool?, shape: [Int]?
        try Self.expect("{", in: &s)
        while true {
            Self.skipSpace(&s)
            if s.first == "}" { s.removeFirst(); break }
            let key = try Self.string(&s)
            try Self.expect(":", in: &s)
            switch key {
            case "descr" where descr == nil: descr = try Self.string(&s)
            case "fortran_order" where fortran == nil: fortran = try Self.bool(&s)
            case "shape" where shape == nil: shape = try Self.tuple(&s)
            default: throw NpyCodec.bad("unexpected key '\(key)' in the .npy header")
            }
            Self.skipSpace(&s)
            if s.first == "," { s.removeFirst() } else if s.first != "}" { throw NpyCodec.bad("malformed .npy header") }
        }
        guard s.allSatisfy({ $0 == " " || $0 == "\n" || $0 == "\0" }) else { throw NpyCodec.bad("malformed .npy header") }
        guard let d = descr, let f = fortran, let sh = shape else { throw NpyCodec.bad("the .npy header lacks descr, fortran_order or shape") }
        self.descr = d
        fortranOrder = f
        self.shape = sh
    }

    private static func skipSpace(_ s: inout Substring) {
        while let c = s.first, c == " " || c == "\n" { s.removeFirst() }
    }

    private static func expect(_ token: Character, in s: inout Substring) throws {
        skipSpace(&s)
        guard s.first == token else { throw NpyCodec.bad("malformed .npy header (expected '\(token)')") }
        s.removeFirst()
    }

    private static func string(_ s: inout Substring) throws -> String {
        skipSpace(&s)
        guard let q = s.first, q == "'" || q == "\"" else { throw NpyCodec.bad("malformed .npy header (expected a string)") }
        s.removeFirst()
        guard let end = s.firstIndex(of: q), s.distance(from: s.startIndex, to: end) <= 64 else {
            throw NpyCodec.bad("malformed .npy header (unterminated string)")
        }
        let value = String(s[..<end])
        s = s[s.index(after: end)...]
        return value
    }

    private static func bool(_ s: inout Substring) throws -> Bool {
        skipSpace(&s)
        if s.hasPrefix("True") { s.removeFirst(4); return true }
        if s.hasPrefix("False") { s.removeFirst(5); return false }
        throw NpyCodec.bad("malformed .npy header (expected True or False)")
    }

    private static func tuple(_ s: inout Substring) throws -> [Int] {
        try expect("(", in: &s)
        var dims: [Int] = []
        while true {
            skipSpace(&s)
            if s.first == ")" { s.removeFirst(); return dims }
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 12, let n = Int(digits), dims.count < 8 else {
                throw NpyCodec.bad("malformed .npy shape")
            }
            dims.append(n)
            s.removeFirst(digits.count)
            skipSpace(&s)
            if s.first == "," { s.removeFirst() } else if s.first != ")" { throw NpyCodec.bad("malformed .npy shape") }
        }
    }
}
