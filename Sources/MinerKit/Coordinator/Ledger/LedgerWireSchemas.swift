/// The wire shapes of the coordinator's signed documents (receipts, blocks, inclusion proofs), as
/// served by `/v1/receipts`, `/v1/jobs/{job_id}/receipt` and `/explorer`, named by their `CodingKeys`.

extension Signature: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.alg, .string().described("`Ed25519`"), required: true),
        .init(CodingKeys.keyID, .string().described("The signer's public key, unpadded base64url"), required: true),
        .init(CodingKeys.sig, .string().described("The signature, unpadded base64url"), required: true),
    ])
}

extension Receipt: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.receiptID, .string(), required: true),
        .init(CodingKeys.jobID, .string(), required: true),
        .init(CodingKeys.provider, .string().described("The miner that did the work"), required: true),
        .init(CodingKeys.client, .string().described("The client that submitted the job"), required: true),
        .init(CodingKeys.units, .number(), required: true),
        .init(CodingKeys.unitType, .string(), required: true),
        .init(CodingKeys.price, .number(), required: true),
        .init(CodingKeys.model, .string(), required: true),
        .init(CodingKeys.startedAt, .integer().described("Unix seconds"), required: true),
        .init(CodingKeys.completedAt, .integer().described("Unix seconds"), required: true),
        .init(CodingKeys.resultHash, .string(), required: true),
        .init(CodingKeys.signature, .reference(Signature.self), required: true),
        .init(CodingKeys.formatVersion, formatVersionSchema("receipt", coveredBy: "signature")),
    ])
}

/// A `format_version` member: absent on version 1 documents, covered by the signature or hash when present.
private func formatVersionSchema(_ document: String, coveredBy cover: String) -> WireSchema {
    .integer(minimum: 1).described(
        "Format version of this \(document) (absent: version 1). When present it is covered by the \(cover).")
}

extension Block: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.height, .integer(minimum: 1), required: true),
        .init(CodingKeys.hash, .string(), required: true),
        .init(CodingKeys.previousHash, .string(), required: true),
        .init(CodingKeys.timestamp, .dateTime, required: true),
        .init(CodingKeys.merkleRoot, .string(), required: true),
        .init(CodingKeys.transactions, .integer(minimum: 0), required: true),
        .init(CodingKeys.formatVersion, formatVersionSchema("block", coveredBy: "hash")),
    ])
}

extension ProofStep: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.hash, .string(), required: true),
        .init(CodingKeys.position, .string(values: [Position.left.rawValue, Position.right.rawValue]), required: true),
    ])
}

extension InclusionProof: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.receiptID, .string(), required: true),
        .init(CodingKeys.txID, .string(), required: true),
        .init(CodingKeys.blockHeight, .integer(minimum: 1), required: true),
        .init(CodingKeys.blockHash, .string(), required: true),
        .init(CodingKeys.merkleRoot, .string(), required: true),
        .init(CodingKeys.index, .integer(minimum: 0), required: true),
        .init(CodingKeys.proof, .array(of: .reference(ProofStep.self)), required: true),
    ])
}
