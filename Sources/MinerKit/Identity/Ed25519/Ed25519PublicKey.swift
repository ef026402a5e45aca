import CSodium

/// An Ed25519 public key, named by its `key_id`.
public struct Ed25519PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The 32-byte public key.
    public let bytes: [UInt8]

    /// Wraps 32 bytes; refuses (`invalid_public_key`) other lengths.
    ///
    /// Whether the bytes are a usable curve point is left to verification, which refuses small-order
    /// and non-canonical keys (libsodium).
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else {
            throw MinerKitError(.invalidInput, code: "invalid_public_key", "an Ed25519 public key is 32 bytes")
        }
        self.bytes = bytes
    }

    /// Parses a ``keyID``; refuses (`invalid_key_id`) anything that is not unpadded base64url of 32 bytes.
    public init(keyID: String) throws {
        guard let decoded = Base64URL.decode(keyID), decoded.count == 32 else {
            throw MinerKitError(.invalidInput, code: "invalid_key_id", "a key_id is unpadded base64url of a 32-byte key")
        }
        bytes = decoded
    }

    /// The stable printable name of the key: unpadded base64url of the 32 bytes (43 characters),
    /// the form this ecosystem's verifiers expect in `key_id`.
    public var keyID: String { Base64URL.encode(bytes) }

    /// Whether the 64-byte `signature` signs `message` (libsodium `crypto_sign_verify_detached`,
    /// which also refuses non-canonical s and small-order keys and R).
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        Sodium.ready()
        guard signature.count == 64 else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), bytes) == 0
    }

    /// Whether `signature` is this key's valid Ed25519 signature over the canonical encoding of `document`
    /// (see ``CanonicalJSON``): `alg` must be `Ed25519`, `key_id` this key's, `sig` 64 bytes of base64url.
    public func verify(_ signature: Signature, document: JSONValue) -> Bool {
        guard signature.alg == SignatureScheme.ed25519.rawValue, signature.keyID == keyID,
              let sig = Base64URL.decode(signature.sig),
              let message = try? CanonicalJSON.encode(document) else { return false }
        return verify(signature: sig, message: message)
    }

    /// The key id, for logs.
    public var description: String { "Ed25519PublicKey(\(keyID))" }
}
