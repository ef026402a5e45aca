/// Who signed a request, as established by ``RequestAuthenticator``.
public struct AuthenticatedKey: Sendable, Hashable, CustomStringConvertible {
    /// The signer's 32-byte public key.
    public let publicKey: [UInt8]
    /// The scheme the signature verified under.
    public let scheme: SignatureScheme
    /// The public key as an ss58 address under the authenticator's prefix (the miner's hotkey address).
    public let ss58: String

    /// Scheme and ss58 address, for logs.
    public var description: String { "\(scheme.rawValue) \(ss58)" }
}
