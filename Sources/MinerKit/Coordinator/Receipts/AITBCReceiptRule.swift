/// How an AITBC coordinator signs the receipts it serves, so that MinerKit can verify them
/// (through ``ReceivedReceipt``).
///
/// The signature `{"alg": "Ed25519", "key_id", "sig"}` (`key_id` and `sig` unpadded base64url) is
/// Ed25519 over the ``AITBCCanonicalJSON`` bytes of the receipt without `signature` and without the fields
/// the coordinator adds after signing (``postSigningFields``): Python's `json.dumps` with sorted keys and
/// no spaces, nulls dropped at every depth (inside arrays too), non-ASCII escaped, numbers as Python
/// wrote them (`2.0`, exact integers above 2^53). Every other field, at any depth, is covered.
public enum AITBCReceiptRule {
    /// The `version` values whose signing rule is the one described here.
    public static let supportedVersions: Set<String> = ["1.0"]

    /// Fields an AITBC coordinator sets after signing (attestation, proof and reinvestment status):
    /// they are dropped before verifying, so the signature does not vouch for them.
    public static let postSigningFields: Set<String> = [
        "attestations", "reinvest_amount", "reinvest_stake_id", "reinvest_status", "tee_attestation_id",
        "tee_quote", "tee_status", "zk_proof", "zk_status",
    ]

    /// The signed part of an AITBC receipt's top-level `fields`.
    static func signedPayload(of fields: [String: JSONValue]) -> JSONValue {
        .object(fields.filter { $0.key != "signature" && !postSigningFields.contains($0.key) })
    }

    /// ``signedPayload(of:)`` with numbers as written.
    static func signedPayload(of fields: [String: ExactJSON]) -> ExactJSON {
        .object(fields.filter { $0.key != "signature" && !postSigningFields.contains($0.key) })
    }
}
