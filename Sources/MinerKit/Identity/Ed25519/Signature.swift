/// A detached signature carried inside a signed document (the coordinator API's `Signature` schema):
/// `{"alg": "Ed25519", "key_id": "<base64url public key>", "sig": "<base64url 64 bytes>"}`.
///
/// `key_id` and `sig` are unpadded base64url. What is signed is the ``CanonicalJSON`` encoding of the
/// document without its `signature` member; verify with ``Ed25519PublicKey/verify(_:document:)``
/// after deciding that `key_id` names a key you trust.
public struct Signature: Codable, Sendable, Hashable {
    /// The algorithm name, `Ed25519`.
    public var alg: String
    /// The signer's key id (unpadded base64url of its 32-byte public key).
    public var keyID: String
    /// The signature bytes, unpadded base64url.
    public var sig: String

    /// A signature from its three fields (normally made by ``Ed25519KeyPair/sign(document:)``).
    public init(alg: String, keyID: String, sig: String) {
        self.alg = alg
        self.keyID = keyID
        self.sig = sig
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case alg
        case keyID = "key_id"
        case sig
    }

    /// The signature as served: `{alg, key_id, sig}`.
    public var document: JSONValue {
        .object(JSONValue.members(CodingKeys.self) { key in
            switch key {
            case .alg: .string(alg)
            case .keyID: .string(keyID)
            case .sig: .string(sig)
            }
        })
    }
}
