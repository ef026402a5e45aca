/// A receipt document as received from anyone (a file, another coordinator), ready to verify: its
/// ``format``, recognised from its shape (see ``ReceiptFormat``), the ``signature`` it carries, the
/// ``signedPayload`` that signature covers under the format's rule, and every top-level field it
/// does **not** cover.
///
/// A valid signature vouches only for ``signedPayload``. A field outside it (``unsignedFields``) may have
/// been added or changed by anyone: it is either an annotation the format declares as set after signing
/// (``annotationFields``, e.g. AITBC's `zk_status`) or a field the format does not sign at all
/// (``unexpectedFields``, e.g. anything appended to a MinerKit receipt), which a careful reader treats
/// as a sign of tampering.
///
/// ```swift
/// let received = try ReceivedReceipt(document: json)
/// if received.verify(with: coordinatorKey), received.unexpectedFields.isEmpty { … }
/// ```
public struct ReceivedReceipt: Sendable, Equatable {
    /// The document as received.
    public let document: JSONValue
    /// The format recognised from the document's shape.
    public let format: ReceiptFormat
    /// The signature the document carries.
    public let signature: Signature
    /// What the signature covers under the format's rule.
    public let signedPayload: JSONValue
    /// Top-level fields present in the document with a value that the signature does not cover
    /// (`signature` itself aside), sorted.
    public let unsignedFields: [String]
    /// The part of ``unsignedFields`` the format declares as set after signing.
    public let annotationFields: [String]
    /// The MinerKit receipt, when ``format`` is ``ReceiptFormat/minerKit(version:)``.
    public let receipt: Receipt?

    /// Recognises and reads `document`. Throws `MinerKitError(.invalidInput)`: `invalid_receipt` when it
    /// is not an object or lacks what its format requires, `unsupported_receipt_format` for a version this
    /// build does not know.
    public init(document: JSONValue) throws {
        guard case .object(let fields) = document else {
            throw Self.invalid("a receipt is a JSON object")
        }
        self.document = document
        if let version = fields["format_version"], version != .null {
            guard let number = version.doubleValue.flatMap(Int.init(exactly:)),
                  Receipt.supportedFormatVersions.contains(number) else {
                throw MinerKitError(.invalidInput, code: "unsupported_receipt_format",
                                    "format_version \(version.jsonString()) is not one this build reads "
                                        + "(\(Receipt.supportedFormatVersions.lowerBound)...\(Receipt.supportedFormatVersions.upperBound))")
            }
        } else if let version = fields["version"]?.stringValue {
            guard AITBCReceiptRule.supportedVersions.contains(version) else {
                throw MinerKitError(.invalidInput, code: "unsupported_receipt_format",
                                    "AITBC receipt version \(version) is not one this build reads "
                                        + "(\(AITBCReceiptRule.supportedVersions.sorted().joined(separator: ", ")))")
            }
            guard let alg = fields["signature"]?["alg"]?.stringValue, let keyID = fields["signature"]?["key_id"]?.stringValue,
                  let sig = fields["signature"]?["sig"]?.stringValue else {
                throw Self.invalid("the receipt has no signature {alg, key_id, sig}")
            }
            format = .aitbc(version: version)
            signature = Signature(alg: alg, keyID: keyID, sig: sig)
            signedPayload = AITBCReceiptRule.signedPayload(of: fields)
            receipt = nil
            unsignedFields = Self.uncovered(fields, by: signedPayload)
            annotationFields = unsignedFields.filter(AITBCReceiptRule.postSigningFields.contains)
            return
        }
        guard let receipt = Receipt(document: document) else {
            throw Self.invalid("a MinerKit receipt needs receipt_id, job_id, provider, client, units, unit_type, price, "
                               + "model, started_at, completed_at, result_hash and signature {alg, key_id, sig}, with their types")
        }
        format = .minerKit(version: receipt.formatVersion ?? 1)
        signature = receipt.signature
        signedPayload = receipt.payload
        self.receipt = receipt
        unsignedFields = Self.uncovered(fields, by: signedPayload)
        annotationFields = []
    }

    /// The part of ``unsignedFields`` the format does not declare: fields no signer of this format
    /// writes, so their presence means the document was changed after signing.
    public var unexpectedFields: [String] {
        unsignedFields.filter { !annotationFields.contains($0) }
    }

    /// Whether ``signature`` is `key`'s valid Ed25519 signature over ``signedPayload`` (its `alg` must be
    /// `Ed25519` and its `key_id` this key's). Says nothing about ``unsignedFields``.
    public func verify(with key: Ed25519PublicKey) -> Bool {
        key.verify(signature, document: signedPayload)
    }

    /// The top-level members of `fields` with a value that `payload` does not hold, `signature` aside.
    private static func uncovered(_ fields: [String: JSONValue], by payload: JSONValue) -> [String] {
        guard case .object(let signed) = payload else { return [] }
        // A null says nothing (the canonical encoding drops it), so only fields with a value count.
        return fields.filter { $0.key != "signature" && $0.value != .null && signed[$0.key] == nil }.keys.sorted()
    }

    private static func invalid(_ detail: String) -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_receipt", detail)
    }
}
