/// The receipt formats MinerKit verifies. ``ReceivedReceipt`` recognises the format from a receipt's
/// shape:
///
/// - a `format_version` field: a MinerKit receipt of that version (``Receipt/supportedFormatVersions``);
/// - else a string `version` field: an AITBC receipt (``AITBCReceiptRule``);
/// - else: a MinerKit receipt of version 1, issued before receipts carried a version.
///
/// A receipt cannot move from one format to another without breaking its signature: each format's
/// signed payload contains the field it was recognised by (version 1 excepted, whose payload is fixed).
public enum ReceiptFormat: Sendable, Hashable, CustomStringConvertible {
    /// A MinerKit coordinator's receipt (``Receipt``) of this format version.
    case minerKit(version: Int)
    /// A receipt served by an AITBC coordinator (`GET /v1/jobs/{id}/receipt`), with its `version` text.
    case aitbc(version: String)

    /// The name of the byte form the format's signature covers, for reports: MinerKit's
    /// ``CanonicalJSON`` or AITBC's ``AITBCCanonicalJSON`` (Python's `json.dumps`).
    public var canonicalForm: String {
        switch self {
        case .minerKit: "minerkit-canonical-json (sorted keys, object nulls dropped, integral numbers as integers)"
        case .aitbc: "aitbc-python-json (json.dumps sort_keys, nulls dropped at every depth, numbers as written)"
        }
    }

    /// `minerkit/2`, `aitbc/1.0`.
    public var description: String {
        switch self {
        case .minerKit(let version): "minerkit/\(version)"
        case .aitbc(let version): "aitbc/\(version)"
        }
    }
}
