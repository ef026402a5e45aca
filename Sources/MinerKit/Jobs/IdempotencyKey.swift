/// A client's `Idempotency-Key` for a submit: 1 to 255 printable ASCII characters (a UUID is typical).
/// See ``Coordinator/submitJob(_:credentials:idempotencyKey:)``.
public struct IdempotencyKey: Sendable, Hashable {
    /// Longest key accepted, in characters.
    public static let maximumLength = 255

    /// The key.
    public let text: String

    /// Checks `text`; throws `.invalidInput` `invalid_idempotency_key` otherwise.
    public init(_ text: String) throws {
        guard (1...Self.maximumLength).contains(text.utf8.count), text.utf8.allSatisfy({ (0x20...0x7e).contains($0) }) else {
            throw MinerKitError(.invalidInput, code: "invalid_idempotency_key",
                                "an Idempotency-Key is 1 to \(Self.maximumLength) printable ASCII characters")
        }
        self.text = text
    }

    /// A new random key (128 bits, hex), as the CLI sends by default.
    public static func random() -> IdempotencyKey {
        IdempotencyKey(checked: RandomID.hex(bytes: 16))
    }

    private init(checked text: String) { self.text = text }
}
