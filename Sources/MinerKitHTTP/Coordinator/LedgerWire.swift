import Foundation
import MinerKit

/// One explorer transaction: a receipt seen as a ledger entry. `tx_id` (the receipt's Merkle leaf hash)
/// and `sequence` never change, whichever page shows the entry.
struct TransactionBody: Codable, Equatable {
    var txID: String
    var sequence: Int64
    var receiptID: String
    var jobID: String
    var client: String
    var provider: String
    var units: Double
    var price: Double
    var model: String
    var completedAt: Int64
    var blockHeight: Int?

    init(_ record: ReceiptRecord) {
        txID = record.txID
        sequence = record.sequence
        receiptID = record.receipt.receiptID
        jobID = record.receipt.jobID
        client = record.receipt.client
        provider = record.receipt.provider
        units = record.receipt.units
        price = record.receipt.price
        model = record.receipt.model
        completedAt = record.receipt.completedAt
        blockHeight = record.blockHeight
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case txID = "tx_id", sequence, receiptID = "receipt_id", jobID = "job_id", client, provider, units, price
        case model, completedAt = "completed_at", blockHeight = "block_height"
    }
}

extension TransactionBody: WireSchemaProviding {
    static let wireSchemaName = "Transaction"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .txID: .string().described("The receipt's Merkle leaf hash (hex)").required
        case .sequence: .integer(minimum: 1).described("Position in the ledger; pages with `before`").required
        case .receiptID: .string().required
        case .jobID: .string().required
        case .client: .string().required
        case .provider: .string().required
        case .units: .number().required
        case .price: .number().required
        case .model: .string().required
        case .completedAt: .integer().described("Unix seconds").required
        case .blockHeight: .integer(minimum: 1).described("Absent until the receipt is sealed")
        }
    }
}

/// A block with the ids of its transactions, in block order.
struct BlockDetailBody: Codable, Equatable {
    var block: Block
    var transactionIDs: [String]
    var receiptIDs: [String]

    init(block: Block, transactionIDs: [String], receiptIDs: [String]) {
        self.block = block
        self.transactionIDs = transactionIDs
        self.receiptIDs = receiptIDs
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case transactionIDs = "tx_ids", receiptIDs = "receipt_ids" }

    init(from decoder: any Decoder) throws {
        block = try Block(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        transactionIDs = try container.decode([String].self, forKey: .transactionIDs)
        receiptIDs = try container.decode([String].self, forKey: .receiptIDs)
    }

    func encode(to encoder: any Encoder) throws {
        try block.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        for key in CodingKeys.allCases {
            switch key {
            case .transactionIDs: try container.encode(transactionIDs, forKey: key)
            case .receiptIDs: try container.encode(receiptIDs, forKey: key)
            }
        }
    }
}

extension BlockDetailBody: WireSchemaProviding {
    static let wireSchemaName = "BlockDetail"
    static let wireSchema = Block.wireSchema.adding(CodingKeys.self) { key in
        switch key {
        case .transactionIDs: .array(of: .string()).required
        case .receiptIDs: .array(of: .string()).required
        }
    }
}

/// `NetworkStats`.
struct NetworkStatsBody: Codable, Equatable {
    var totalJobs: Int
    var activeMiners: Int
    var totalReceipts: Int
    var blockHeight: Int

    init(_ stats: NetworkStats) {
        totalJobs = stats.totalJobs
        activeMiners = stats.activeMiners
        totalReceipts = stats.totalReceipts
        blockHeight = stats.blockHeight
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case totalJobs = "total_jobs", activeMiners = "active_miners", totalReceipts = "total_receipts"
        case blockHeight = "block_height"
    }
}

extension NetworkStatsBody: WireSchemaProviding {
    static let wireSchemaName = "NetworkStats"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .totalJobs: .integer(minimum: 0).required
        case .activeMiners: .integer(minimum: 0).required
        case .totalReceipts: .integer(minimum: 0).required
        case .blockHeight: .integer(minimum: 0).described("0 before the first block").required
        }
    }
}

/// `GET /v1/keys`: the keys receipts are signed with.
struct KeysBody: Codable, Equatable {
    struct Key: Codable, Equatable {
        var alg: String
        var keyID: String
        var publicKeyHex: String
        var use: String

        enum CodingKeys: String, CodingKey, CaseIterable { case alg, keyID = "key_id", publicKeyHex = "public_key_hex", use }
    }

    var keys: [Key]

    init(_ key: Ed25519PublicKey) {
        keys = [Key(alg: SignatureScheme.ed25519.rawValue, keyID: key.keyID, publicKeyHex: Hex.encode(key.bytes),
                    use: "receipts")]
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case keys }
}

extension KeysBody.Key: WireSchemaProviding {
    static let wireSchemaName = "Key"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .alg: .string().described("`Ed25519`").required
        case .keyID: .string().described("Unpadded base64url of the public key, as receipts name it").required
        case .publicKeyHex: .string(pattern: "^[0-9a-f]{64}$").required
        case .use: .string(values: ["receipts"]).required
        }
    }
}

extension KeysBody: WireSchemaProviding {
    static let wireSchemaName = "Keys"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .keys: .array(of: .reference(Key.self)).required
        }
    }
}

/// `GET /health`: `{status, version}`.
public struct HealthBody: Codable, Equatable, Sendable {
    /// `ok` while the coordinator serves.
    public var status = "ok"
    /// The MinerKit build serving (``MinerKit/MinerKitVersion/current``).
    public var version = MinerKitVersion.current

    enum CodingKeys: String, CodingKey, CaseIterable { case status, version }
}

extension HealthBody: WireSchemaProviding {
    public static let wireSchemaName = "Health"
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .status: .string(values: ["ok"]).required
        case .version: .string().described("The MinerKit build").required
        }
    }
}
