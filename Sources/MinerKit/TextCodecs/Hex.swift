/// Lowercase hexadecimal encoding of bytes.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Encodes `bytes` as lowercase hex.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex (either case, optional `0x` prefix); `nil` on odd length or a non-hex character.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = text.utf8
        if utf8.count >= 2, utf8.first == UInt8(ascii: "0"), utf8.dropFirst().first! | 0x20 == UInt8(ascii: "x") {
            return decode(utf8: utf8.dropFirst(2))
        }
        return decode(utf8: utf8)
    }

    /// Decodes hex digits (either case, no prefix) given as UTF-8 bytes; `nil` on odd length or a
    /// non-hex character.
    static func decode(utf8: some Collection<UInt8>) -> [UInt8]? {
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let j = utf8.index(after: i)
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[j]) else { return nil }
            out.append(hi << 4 | lo)
            i = utf8.index(after: j)
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
