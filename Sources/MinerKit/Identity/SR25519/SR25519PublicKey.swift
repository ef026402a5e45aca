/// An sr25519 public key (schnorrkel 0.11): a ristretto255 point, as used by Substrate and Bittensor hotkeys.
public struct SR25519PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The signing context Substrate and Bittensor use, and the default everywhere in MinerKit.
    public static let substrateContext = Array("substrate".utf8)

    /// The 32-byte compressed ristretto255 encoding.
    public let bytes: [UInt8]

    /// Wraps a 32-byte public key; refuses (`invalid_public_key`) a wrong length, a non-canonical
    /// ristretto255 encoding and the identity point.
    public init(bytes: [UInt8]) throws {
        guard Ristretto.isValidNonIdentityPoint(bytes) else {
            throw MinerKitError(.invalidInput, code: "invalid_public_key",
                                "an sr25519 public key is a 32-byte ristretto255 point other than the identity")
        }
        self.bytes = bytes
    }

    /// The key as an ss58 address (default prefix 42, generic Substrate).
    public func ss58(prefix: UInt16 = SS58.genericSubstratePrefix) -> String {
        // A stored key is always 32 bytes and the prefix is checked by SS58.
        (try? SS58.encode(publicKey: bytes, prefix: prefix)) ?? ""
    }

    /// Whether `signature` (64 bytes: R || s with the schnorrkel marker bit) signs `message` under `context`.
    ///
    /// Refuses a wrong length, a missing marker bit (0x80 in byte 63), s ≥ l, an R that is not a valid
    /// ristretto255 encoding or is the identity; then checks s·B − k·A == R.
    public func verify(signature: [UInt8], message: [UInt8], context: [UInt8] = substrateContext) -> Bool {
        guard signature.count == 64, signature[63] & 0x80 != 0 else { return false }
        let commitment = Array(signature[0..<32])
        var s = Array(signature[32..<64])
        s[31] &= 0x7f
        guard Ristretto.isCanonicalScalar(s), Ristretto.isValidNonIdentityPoint(commitment) else { return false }
        let k = SR25519Transcript.challenge(context: context, message: message, publicKey: bytes, commitment: commitment)
        let sB = Ristretto.multiplyBase(s)
        let kA = Ristretto.multiply(k, bytes)
        guard let expected = Ristretto.subtract(sB, kA) else { return false }
        return expected == commitment
    }

    /// The ss58 address, for logs.
    public var description: String { "SR25519PublicKey(\(ss58()))" }
}
