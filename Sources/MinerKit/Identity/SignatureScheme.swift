/// The signature schemes MinerKit identities use.
public enum SignatureScheme: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ed25519 (RFC 8032) through libsodium: service keys, receipts.
    case ed25519 = "Ed25519"
    /// sr25519 (schnorrkel 0.11, signing context `substrate`): Substrate/Bittensor hotkeys.
    case sr25519 = "Sr25519"
}
