/// The id of a console session, the only thing a signed-in visitor's cookie holds: 32 random bytes
/// from libsodium's CSPRNG (256 bits), as 64 lowercase hex characters. The store keeps only ``hash``.
public struct ConsoleSessionID: Sendable, CustomStringConvertible {
    /// The id as the cookie carries it.
    public let text: String

    /// A fresh id.
    public static func generate() -> ConsoleSessionID {
        ConsoleSessionID(unchecked: Hex.encode(Sodium.randomBytes(32)))
    }

    /// Parses a presented id: `nil` unless it is 64 lowercase hex characters.
    public init?(_ text: String) {
        guard text.utf8.count == 64, text.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        self.text = text
    }

    private init(unchecked text: String) { self.text = text }

    /// What the store keeps: lowercase hex of SHA-256 over the id's text.
    public var hash: String { Hex.encode(SHA256.hash(utf8: text)) }

    /// Redacted: a session id is a credential.
    public var description: String { "ConsoleSessionID(<redacted>)" }
}
