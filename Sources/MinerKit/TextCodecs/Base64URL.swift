/// Unpadded base64url (RFC 4648 §5), the encoding of `key_id` and `sig` in signed documents.
///
/// Decoding is strict so that every byte string has exactly one accepted text: padding, characters
/// outside the url-safe alphabet, impossible lengths and non-zero trailing bits are all refused.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let values = DecodeTable.of(alphabet)

    /// Encodes `bytes` as unpadded base64url.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        return String(unsafeUninitializedCapacity: (input.count * 4 + 2) / 3) { out in
            var o = 0
            func put(_ n: UInt32, _ shift: UInt32) {
                out[o] = alphabet[Int(n >> shift & 63)]
                o += 1
            }
            var i = 0
            while i + 3 <= input.count {
                let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                put(n, 18); put(n, 12); put(n, 6); put(n, 0)
                i += 3
            }
            switch input.count - i {
            case 1:
                let n = UInt32(input[i]) << 16
                put(n, 18); put(n, 12)
            case 2:
                let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
                put(n, 18); put(n, 12); put(n, 6)
            default:
                break
            }
            return o
        }
    }

    /// Decodes unpadded base64url; `nil` on padding, a foreign character, a length of 4n+1 or
    /// non-zero unused trailing bits.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? { decode(utf8: text.utf8) }

    /// ``decode(_:)`` of text given as its UTF-8 bytes.
    static func decode(utf8 chars: some Collection<UInt8>) -> [UInt8]? {
        guard chars.count % 4 != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for char in chars {
            let value = values[Int(char)]
            guard value != 0xff else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        guard accumulator == 0 else { return nil }
        return out
    }
}
