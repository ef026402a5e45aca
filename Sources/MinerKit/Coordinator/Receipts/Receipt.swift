import Foundation

/// The coordinator's signed statement that a job was done by a miner.
///
/// Every field but ``signature`` is signed: the signature is Ed25519 over the ``CanonicalJSON``
/// encoding of ``payload`` (the served fields without `signature`, nulls dropped), so anyone holding the
/// coordinator's public key (`GET /v1/keys`) can verify a receipt offline with ``verify(with:)``.
///
/// **Format versions.** ``formatVersion`` (`format_version` on the wire) names the layout. Version 1
/// receipts predate the field and do not carry it; they still verify, their payload being the eleven
/// fields listed here. Receipts issued now carry ``currentFormatVersion``, and the field is part of the
/// signed payload, so it cannot be removed or changed without breaking the signature (a verifier always
/// knows which rules the signer followed). To check a receipt document as received, extra fields
/// included, and receipts of other issuers, use ``ReceivedReceipt``.
public struct Receipt: Sendable, Equatable, Codable {
    /// The format version of receipts issued by this build.
    public static let currentFormatVersion = 2
    /// The format versions this build reads and verifies (1: no `format_version` field).
    public static let supportedFormatVersions: ClosedRange<Int> = 1...2

    /// `rcpt_` followed by 24 hex digits.
    public var receiptID: String
    public var jobID: String
    /// The miner that did the work.
    public var provider: String
    /// The client that submitted the job.
    public var client: String
    /// Work done, in ``unitType`` (GPU seconds as the miner reported them, else wall seconds of the lease).
    public var units: Double
    public var unitType: String
    /// What the client pays for the job.
    public var price: Double
    public var model: String
    /// Unix seconds when the winning lease was granted.
    public var startedAt: Int64
    /// Unix seconds when the coordinator accepted the result.
    public var completedAt: Int64
    /// `sha256:<hex>` of the miner's result.
    public var resultHash: String
    public var signature: Signature
    /// The receipt format version; `nil` for a version 1 receipt, which carries no such field.
    public var formatVersion: Int? = nil

    enum CodingKeys: String, CodingKey, CaseIterable {
        case receiptID = "receipt_id"
        case jobID = "job_id"
        case provider, client, units
        case unitType = "unit_type"
        case price, model
        case startedAt = "started_at"
        case completedAt = "completed_at"
        case resultHash = "result_hash"
        case signature
        case formatVersion = "format_version"
    }

    /// The signed document: every served field except `signature` (`format_version` included when set).
    public var payload: JSONValue {
        .object(JSONValue.members(CodingKeys.self) { key in key == .signature ? nil : member(key) })
    }

    /// The whole served receipt, signature included (what a block's Merkle leaf commits to).
    public var document: JSONValue {
        .object(JSONValue.members(CodingKeys.self, member))
    }

    /// The served member `key` (`nil`: left out).
    private func member(_ key: CodingKeys) -> JSONValue? {
        switch key {
        case .receiptID: .string(receiptID)
        case .jobID: .string(jobID)
        case .provider: .string(provider)
        case .client: .string(client)
        case .units: .number(units)
        case .unitType: .string(unitType)
        case .price: .number(price)
        case .model: .string(model)
        case .startedAt: .number(Double(startedAt))
        case .completedAt: .number(Double(completedAt))
        case .resultHash: .string(resultHash)
        case .signature: signature.document
        case .formatVersion: formatVersion.map { .number(Double($0)) }
        }
    }

    /// Whether ``signature`` is `key`'s valid signature over ``payload``.
    public func verify(with key: Ed25519PublicKey) -> Bool {
        key.verify(signature, document: payload)
    }

    /// A fresh random receipt id.
    public static func newID() -> String { "rcpt_" + RandomID.hex(bytes: 12) }
}

extension Receipt {
    /// The receipt a ``document`` describes; `nil` when a field is missing or has the wrong type, or
    /// `format_version` is present but not an integer. Fields it does not know are ignored: see
    /// ``ReceivedReceipt`` for what a signature covers. (Reading stored receipts this way spares `JSONDecoder`.)
    public init?(document: JSONValue) {
        guard case .object(let fields) = document else { return nil }
        func field(_ key: CodingKeys) -> JSONValue? { fields[key.stringValue] }
        func signed(_ key: Signature.CodingKeys) -> String? { field(.signature)?[key.stringValue]?.stringValue }
        guard let receiptID = field(.receiptID)?.stringValue, let jobID = field(.jobID)?.stringValue,
              let provider = field(.provider)?.stringValue, let client = field(.client)?.stringValue,
              let units = field(.units)?.doubleValue, let unitType = field(.unitType)?.stringValue,
              let price = field(.price)?.doubleValue, let model = field(.model)?.stringValue,
              let startedAt = field(.startedAt)?.doubleValue.flatMap(Int64.init(exactly:)),
              let completedAt = field(.completedAt)?.doubleValue.flatMap(Int64.init(exactly:)),
              let resultHash = field(.resultHash)?.stringValue,
              let alg = signed(.alg), let keyID = signed(.keyID), let sig = signed(.sig)
        else { return nil }
        var formatVersion: Int?
        if let version = field(.formatVersion), version != .null {
            guard let version = version.doubleValue.flatMap(Int.init(exactly:)) else { return nil }
            formatVersion = version
        }
        self.init(receiptID: receiptID, jobID: jobID, provider: provider, client: client, units: units,
                  unitType: unitType, price: price, model: model, startedAt: startedAt, completedAt: completedAt,
                  resultHash: resultHash, signature: Signature(alg: alg, keyID: keyID, sig: sig),
                  formatVersion: formatVersion)
    }
}
