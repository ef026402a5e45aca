import CSodium

/// An Ed25519 key pair (libsodium) for signing receipts and other documents.
public struct Ed25519KeyPair: Sendable, CustomStringConvertible {
    /// The public half.
    public let publicKey: Ed25519PublicKey
    /// The 32-byte seed the pair derives from (what a key file stores).
    let seed: SecretBytes
    /// libsodium's 64-byte secret key (seed || public key).
    private let secretKey: SecretBytes

    /// Derives the pair from a 32-byte seed; refuses (`invalid_seed`) other lengths.
    public init(seed: [UInt8]) throws {
        guard seed.count == 32 else {
            throw MinerKitError(.invalidInput, code: "invalid_seed", "an Ed25519 seed is 32 bytes")
        }
        Sodium.ready()
        var pk = [UInt8](repeating: 0, count: 32)
        var sk = [UInt8](repeating: 0, count: 64)
        defer { SecretBytes.wipe(&sk) }
        crypto_sign_seed_keypair(&pk, &sk, seed)
        self.seed = SecretBytes(seed)
        self.secretKey = SecretBytes(sk)
        self.publicKey = try Ed25519PublicKey(bytes: pk)
    }

    /// A fresh key pair from 32 bytes of libsodium's CSPRNG.
    public static func generate() -> Ed25519KeyPair {
        var seed = Sodium.randomBytes(32)
        defer { SecretBytes.wipe(&seed) }
        // A 32-byte seed is always accepted.
        return try! Ed25519KeyPair(seed: seed)
    }

    /// The 64-byte detached signature of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: 64)
        secretKey.withBytes { sk in
            _ = crypto_sign_detached(&signature, nil, message, UInt64(message.count),
                                     sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return signature
    }

    /// Signs the canonical encoding of `document` (see ``CanonicalJSON``). Sign a receipt without its
    /// `signature` member and attach the result afterwards. Throws `invalid_number` for NaN/infinity.
    public func sign(document: JSONValue) throws -> Signature {
        let signature = sign(try CanonicalJSON.encode(document))
        return Signature(alg: SignatureScheme.ed25519.rawValue, keyID: publicKey.keyID, sig: Base64URL.encode(signature))
    }

    /// Redacted: names the public key only.
    public var description: String { "Ed25519KeyPair(\(publicKey.keyID), secret: <redacted>)" }
}
