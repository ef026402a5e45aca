/// An sr25519 key pair (schnorrkel 0.11) for signing as a Substrate/Bittensor hotkey.
///
/// Keys come from a 32-byte seed ("mini secret key") expanded the way schnorrkel's
/// `ExpansionMode::Ed25519` does: h = SHA-512(seed); key = clamp(h[0..<32]) / 8; nonce = h[32..<64].
/// The division by the cofactor is exact (clamping clears the low 3 bits), so it is a 3-bit right shift.
///
/// Signing follows schnorrkel: the per-signature nonce r comes from the Merlin transcript RNG rekeyed
/// with the secret nonce half and 32 fresh random bytes, reduced from 64 bytes mod l. R = r·B,
/// k = challenge, s = k·key + r, signature = R || s with the marker bit 0x80 set in byte 63.
/// Signatures are therefore randomized; any of them verifies.
public struct SR25519KeyPair: Sendable, CustomStringConvertible {
    /// The public half.
    public let publicKey: SR25519PublicKey
    /// The 32-byte seed, kept for saving to a key file.
    let seed: SecretBytes
    /// key (32, reduced) || nonce (32): schnorrkel's `SecretKey::to_bytes`.
    let secret: SecretBytes

    /// Expands a 32-byte seed; refuses other lengths (`invalid_seed`).
    public init(seed: [UInt8]) throws {
        guard seed.count == 32 else {
            throw MinerKitError(.invalidInput, code: "invalid_seed", "an sr25519 seed is 32 bytes")
        }
        var expanded = Self.expand(seed: seed)
        defer { SecretBytes.wipe(&expanded) }
        self.seed = SecretBytes(seed)
        self.secret = SecretBytes(expanded)
        // A scalar below l that is not zero (clamping sets bit 254 before the shift) gives a non-identity point.
        self.publicKey = try SR25519PublicKey(bytes: Ristretto.multiplyBase(Array(expanded[0..<32])))
    }

    /// A fresh key pair from 32 bytes of libsodium's CSPRNG.
    public static func generate() -> SR25519KeyPair {
        var seed = Sodium.randomBytes(32)
        defer { SecretBytes.wipe(&seed) }
        // A 32-byte seed is always accepted.
        return try! SR25519KeyPair(seed: seed)
    }

    /// key || nonce for `seed` (internal so tests can compare with schnorrkel's secret key bytes).
    static func expand(seed: [UInt8]) -> [UInt8] {
        var h = SHA512.hash(seed)
        h[0] &= 248
        h[31] &= 63
        h[31] |= 64
        for i in 0..<32 {
            h[i] = (h[i] >> 3) | (i < 31 ? h[i + 1] << 5 : 0)
        }
        return h
    }

    /// Signs `message` under `context` (default `substrate`); returns the 64-byte signature.
    public func sign(_ message: [UInt8], context: [UInt8] = SR25519PublicKey.substrateContext) -> [UInt8] {
        var t = SR25519Transcript.start(context: context, message: message, publicKey: publicKey.bytes)
        var nonceSeed = secret.withBytes { Array($0[32..<64]) }
        var key = secret.withBytes { Array($0[0..<32]) }
        var random = Sodium.randomBytes(32)
        var r = Ristretto.reduce(wide: t.witnessBytes(label: "signing", witness: nonceSeed, random: random, count: 64))
        defer {
            SecretBytes.wipe(&nonceSeed); SecretBytes.wipe(&key); SecretBytes.wipe(&random); SecretBytes.wipe(&r)
        }
        let commitment = Ristretto.multiplyBase(r)
        let k = SR25519Transcript.challenge(&t, commitment: commitment)
        var s = Ristretto.mulAdd(k, key, r)
        s[31] |= 0x80
        return commitment + s
    }

    /// Redacted: names the public key only.
    public var description: String { "SR25519KeyPair(\(publicKey.ss58()), secret: <redacted>)" }
}
