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
/// Read a receipt from its text with ``init(text:)``: it refuses a text whose objects repeat a key
/// (readers disagree on which copy counts) and keeps each number as written, which AITBC's canonical
/// form needs (``ReceiptFormat/canonicalForm``).
///
/// ```swift
/// let received = try ReceivedReceipt(text: json)
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
    /// The AITBC signed payload with its numbers as written (from ``init(text:)``) or as best read
    /// from ``document``; `nil` for a MinerKit receipt.
    let exactPayload: ExactJSON?

    /// Reads a receipt from JSON text. Throws `MinerKitError(.invalidInput)`: `invalid_json`,
    /// `duplicate_key` (a key repeated in any object, named), or what ``init(document:)`` throws.
    public init(text: String) throws {
        let document = try JSONValue(parsing: text)
        try self.init(document: document, exact: { try ExactJSON(parsing: text) })
    }

    /// Recognises and reads `document`. Throws `MinerKitError(.invalidInput)`: `invalid_receipt` when it
    /// is not an object or lacks what its format requires, `unsupported_receipt_format` for a version this
    /// build does not know.
    public init(document: JSONValue) throws {
        try self.init(document: document, exact: { ExactJSON(document) })
    }

    /// `exact` gives the document with its numbers' kinds, asked for only when the format needs them.
    private init(document: JSONValue, exact: () throws -> ExactJSON) throws {
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
            guard case .object(let exactFields) = try exact() else { throw Self.invalid("a receipt is a JSON object") }
            exactPayload = AITBCReceiptRule.signedPayload(of: exactFields)
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
        exactPayload = nil
        unsignedFields = Self.uncovered(fields, by: signedPayload)
        annotationFields = []
    }

    /// The part of ``unsignedFields`` the format does not declare: fields no signer of this format
    /// writes, so their presence means the document was changed after signing.
    public var unexpectedFields: [String] {
        unsignedFields.filter { !annotationFields.contains($0) }
    }

    /// The bytes the signature covers: ``signedPayload`` in the format's canonical form
    /// (``ReceiptFormat/canonicalForm``). Throws `invalid_number` for a number JSON cannot hold.
    public func signedBytes() throws -> [UInt8] {
        if let exactPayload { return try AITBCCanonicalJSON.encode(exactPayload) }
        return try CanonicalJSON.encode(signedPayload)
    }

    /// Whether ``signature`` is `key`'s valid Ed25519 signature over ``signedBytes()`` (its `alg` must be
    /// `Ed25519` and its `key_id` this key's). Says nothing about ``unsignedFields``.
    public func verify(with key: Ed25519PublicKey) -> Bool {
        refusal(with: key) == nil
    }

    /// Why ``verify(with:)`` refuses the receipt with `key`, in a sentence; `nil` when it verifies.
    public func refusal(with key: Ed25519PublicKey) -> String? {
        guard signature.alg == SignatureScheme.ed25519.rawValue else {
            return "the signature's alg is \(signature.alg), not \(SignatureScheme.ed25519.rawValue)"
        }
        guard signature.keyID == key.keyID else {
            return "the receipt names signing key_id \(signature.keyID), not \(key.keyID)"
        }
        guard let sig = Base64URL.decode(signature.sig), sig.count == 64 else {
            return "the signature's sig is not 64 bytes of unpadded base64url"
        }
        let message: [UInt8]
        do {
            message = try signedBytes()
        } catch {
            return "the signed fields have no \(format.canonicalForm) encoding: \(error)"
        }
        guard key.verify(signature: sig, message: message) else {
            return "the signature does not match the \(message.count) bytes of the receipt's \(format.canonicalForm) "
                + "form: a signed field was changed after signing, or a tool re-encoded the receipt's numbers"
        }
        return nil
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
