import CSodium

/// Substrate's ss58 address format: base58(prefix || public key || checksum).
///
/// The prefix (network identifier) is one byte for 0...63 and two bytes for 64...16383 (Substrate's
/// packing: `0x40 | (p >> 2 & 0x3f)`, then `(p >> 8) | (p & 3) << 6`). The checksum is the first two
/// bytes of BLAKE2b-512("SS58PRE" || prefix bytes || key). Only 32-byte keys are handled.
public enum SS58 {
    /// The generic Substrate prefix (addresses starting with `5`), used by Bittensor.
    public static let genericSubstratePrefix: UInt16 = 42

    /// The address of `publicKey` (32 bytes) under `prefix` (0...16383); throws `invalid_ss58` otherwise.
    public static func encode(publicKey: [UInt8], prefix: UInt16 = genericSubstratePrefix) throws -> String {
        guard publicKey.count == 32 else { throw invalid("an ss58 public key is 32 bytes") }
        let prefixBytes: [UInt8]
        switch prefix {
        case 0...63:
            prefixBytes = [UInt8(prefix)]
        case 64...16383:
            prefixBytes = [UInt8(0x40 | (prefix >> 2 & 0x3f)), UInt8(prefix >> 8) | UInt8(prefix & 3) << 6]
        default:
            throw invalid("an ss58 prefix is at most 16383")
        }
        let payload = prefixBytes + publicKey
        return Base58.encode(payload + checksum(payload))
    }

    /// The network prefix and 32-byte public key of `address`; throws `invalid_ss58` on a character
    /// outside base58, a wrong length, an unknown prefix form or a bad checksum.
    public static func decode(_ address: some StringProtocol) throws -> (prefix: UInt16, publicKey: [UInt8]) {
        guard address.utf8.count <= 64, let data = Base58.decode(address), let first = data.first else {
            throw invalid("an ss58 address is base58 text")
        }
        let prefixLength: Int
        let prefix: UInt16
        switch first {
        case 0...63:
            prefixLength = 1
            prefix = UInt16(first)
        case 64...127:
            guard data.count > 1 else { throw invalid("an ss58 address is too short") }
            prefixLength = 2
            let lower = UInt16((first << 2) | (data[1] >> 6))
            let upper = UInt16(data[1] & 0x3f)
            prefix = lower | upper << 8
        default:
            throw invalid("an ss58 address has an unknown prefix form")
        }
        guard data.count == prefixLength + 32 + 2 else {
            throw invalid("an ss58 address holds a 32-byte key and a 2-byte checksum")
        }
        let payload = Array(data[0..<(prefixLength + 32)])
        guard checksum(payload) == Array(data[(prefixLength + 32)...]) else {
            throw invalid("the ss58 checksum does not match")
        }
        return (prefix, Array(payload[prefixLength...]))
    }

    /// First two bytes of BLAKE2b-512("SS58PRE" || payload).
    static func checksum(_ payload: [UInt8]) -> [UInt8] {
        Sodium.ready()
        let input = Array("SS58PRE".utf8) + payload
        var digest = [UInt8](repeating: 0, count: 64)
        crypto_generichash(&digest, 64, input, UInt64(input.count), nil, 0)
        return Array(digest[0..<2])
    }

    private static func invalid(_ detail: String) -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_ss58", detail)
    }
}
