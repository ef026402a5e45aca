/// The wire shapes of the coordinator's signed documents (receipts, blocks, inclusion proofs), as
/// served by `/v1/receipts`, `/v1/jobs/{job_id}/receipt` and `/explorer`, named by their `CodingKeys`.

extension Signature: WireSchemaProviding {
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .alg: .string().described("`Ed25519`").required
        case .keyID: .string().described("The signer's public key, unpadded base64url").required
        case .sig: .string().described("The signature, unpadded base64url").required
        }
    }
}

extension Receipt: WireSchemaProviding {
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .receiptID: .string().required
        case .jobID: .string().required
        case .provider: .string().described("The miner that did the work").required
        case .client: .string().described("The client that submitted the job").required
        case .units: .number().required
        case .unitType: .string().required
        case .price: .number().required
        case .model: .string().required
        case .startedAt: .integer().described("Unix seconds").required
        case .completedAt: .integer().described("Unix seconds").required
        case .resultHash: .string().required
        case .signature: .reference(Signature.self).required
        case .formatVersion: formatVersionSchema("receipt", coveredBy: "signature")
        }
    }
}

/// A `format_version` member: absent on version 1 documents, covered by the signature or hash when present.
private func formatVersionSchema(_ document: String, coveredBy cover: String) -> WireSchema {
    .integer(minimum: 1).described(
        "Format version of this \(document) (absent: version 1). When present it is covered by the \(cover).")
}

extension Block: WireSchemaProviding {
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .height: .integer(minimum: 1).required
        case .hash: .string().required
        case .previousHash: .string().required
        case .timestamp: .dateTime.required
        case .merkleRoot: .string().required
        case .transactions: .integer(minimum: 0).required
        case .formatVersion: formatVersionSchema("block", coveredBy: "hash")
        }
    }
}

extension ProofStep: WireSchemaProviding {
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .hash: .string().required
        case .position: .string(values: [Position.left.rawValue, Position.right.rawValue]).required
        }
    }
}

extension InclusionProof: WireSchemaProviding {
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .receiptID: .string().required
        case .txID: .string().required
        case .blockHeight: .integer(minimum: 1).required
        case .blockHash: .string().required
        case .merkleRoot: .string().required
        case .index: .integer(minimum: 0).required
        case .proof: .array(of: .reference(ProofStep.self)).required
        }
    }
}
