/// Which public keys ``RequestAuthenticator`` accepts, and under which signature scheme each one verifies.
public struct KeyPolicy: Sendable {
    /// How `X-Key` named the key.
    public enum KeyForm: Sendable, Hashable {
        /// An ss58 address.
        case ss58
        /// An Ed25519 `key_id` (unpadded base64url of the key).
        case keyID
    }

    let resolve: @Sendable (_ publicKey: [UInt8], _ form: KeyForm) -> SignatureScheme?

    /// Any well-formed key (open registration): an ss58 address is an sr25519 hotkey, a `key_id` an
    /// Ed25519 key. Under this policy an Ed25519 key must be sent as its `key_id`.
    public static let anyKey = KeyPolicy { _, form in form == .ss58 ? .sr25519 : .ed25519 }

    /// Only keys `lookup` knows, each verified under the scheme it returns (`nil`: `auth_unknown_key`),
    /// however `X-Key` named them. `lookup` runs on the request path: keep it fast and non-blocking.
    public static func registered(_ lookup: @escaping @Sendable (_ publicKey: [UInt8]) -> SignatureScheme?) -> KeyPolicy {
        KeyPolicy { publicKey, _ in lookup(publicKey) }
    }
}
