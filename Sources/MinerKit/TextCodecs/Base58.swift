/// Base58 with the Bitcoin alphabet (no `0`, `O`, `I`, `l`), the text form of ss58 addresses.
///
/// Each leading zero byte becomes a leading `1`; the rest is the big-endian number in base 58.
public enum Base58 {
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    private static let values = DecodeTable.of(alphabet)

    /// Encodes `bytes` as base58.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        let zeros = input.prefix(while: { $0 == 0 }).count
        // Little-endian base-58 digits of the number, built by repeated multiply-and-add.
        var digits = [UInt8]()
        digits.reserveCapacity(input.count * 138 / 100 + 1)
        for byte in input[zeros...] {
            var carry = UInt32(byte)
            for j in digits.indices {
                carry += UInt32(digits[j]) << 8
                digits[j] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        let text = [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[Int($0)] }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes base58; `nil` when a character is outside the alphabet.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        let ones = chars.prefix(while: { $0 == alphabet[0] }).count
        // Little-endian base-256 bytes of the number.
        var bytes = [UInt8]()
        bytes.reserveCapacity(chars.count * 733 / 1000 + 1)
        for char in chars[ones...] {
            let value = values[Int(char)]
            guard value != 0xff else { return nil }
            var carry = UInt32(value)
            for j in bytes.indices {
                carry += UInt32(bytes[j]) * 58
                bytes[j] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: ones) + bytes.reversed()
    }
}
