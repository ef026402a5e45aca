import CSodium

/// An API key for clients and miners: `mk_` followed by unpadded base64url of 32 random bytes
/// (256 bits of entropy, 46 characters).
///
/// The server stores only ``hash``: lowercase hex of SHA-256 over the key's full text. A plain
/// (unpeppered, fast) hash is enough because the key is uniformly random: there is no dictionary to
/// search. ``matches(hash:)`` compares in constant time with `sodium_memcmp`.
public struct APIKey: Sendable, CustomStringConvertible {
    /// The prefix every MinerKit API key starts with.
    public static let prefix = "mk_"

    /// The full key text, shown to its owner once at creation and then sent in requests.
    public let text: String

    /// A fresh key from libsodium's CSPRNG.
    public static func generate() -> APIKey {
        var random = Sodium.randomBytes(32)
        defer { SecretBytes.wipe(&random) }
        return APIKey(unchecked: prefix + Base64URL.encode(random))
    }

    /// Parses a presented key; refuses (`malformed_api_key`) anything but `mk_` + base64url of 32 bytes.
    public init(_ text: String) throws {
        guard text.hasPrefix(Self.prefix), let body = Base64URL.decode(text.dropFirst(Self.prefix.count)),
              body.count == 32 else {
            throw MinerKitError(.unauthorized, code: "malformed_api_key", "an API key is mk_ followed by 43 base64url characters")
        }
        self.text = text
    }

    private init(unchecked text: String) { self.text = text }

    /// What the server stores: lowercase hex of SHA-256(UTF-8 of ``text``), 64 characters.
    public var hash: String { Hex.encode(SHA256.hash(utf8: text)) }

    /// Whether this key hashes to `hash` (a stored ``hash``), compared in constant time.
    public func matches(hash stored: String) -> Bool {
        guard let expected = Hex.decode(stored), expected.count == 32 else { return false }
        let actual = SHA256.hash(utf8: text)
        return sodium_memcmp(actual, expected, 32) == 0
    }

    /// Redacted: shows the prefix only.
    public var description: String { "APIKey(mk_…<redacted>)" }
}
