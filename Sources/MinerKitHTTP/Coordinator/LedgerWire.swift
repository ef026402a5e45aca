import Foundation
import MinerKit

/// One explorer transaction: a receipt seen as a ledger entry. `tx_id` (the receipt's Merkle leaf hash)
/// and `sequence` never change, whichever page shows the entry.
struct TransactionBody: Encodable {
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

    enum CodingKeys: String, CodingKey {
        case txID = "tx_id", sequence, receiptID = "receipt_id", jobID = "job_id", client, provider, units, price
        case model, completedAt = "completed_at", blockHeight = "block_height"
    }
}

/// A block with the ids of its transactions, in block order.
struct BlockDetailBody: Encodable {
    var block: Block
    var transactionIDs: [String]
    var receiptIDs: [String]

    enum CodingKeys: String, CodingKey { case transactionIDs = "tx_ids", receiptIDs = "receipt_ids" }

    func encode(to encoder: any Encoder) throws {
        try block.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(transactionIDs, forKey: .transactionIDs)
        try container.encode(receiptIDs, forKey: .receiptIDs)
    }
}

/// `NetworkStats`.
struct NetworkStatsBody: Encodable {
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

    enum CodingKeys: String, CodingKey {
        case totalJobs = "total_jobs", activeMiners = "active_miners", totalReceipts = "total_receipts"
        case blockHeight = "block_height"
    }
}

/// `GET /v1/keys`: the keys receipts are signed with.
struct KeysBody: Encodable {
    struct Key: Encodable {
        var alg: String
        var keyID: String
        var publicKeyHex: String
        var use: String

        enum CodingKeys: String, CodingKey { case alg, keyID = "key_id", publicKeyHex = "public_key_hex", use }
    }

    var keys: [Key]

    init(_ key: Ed25519PublicKey) {
        keys = [Key(alg: SignatureScheme.ed25519.rawValue, keyID: key.keyID, publicKeyHex: Hex.encode(key.bytes),
                    use: "receipts")]
    }
}

/// The deployed miner's result answer `{status, receipt}`.
struct ResultAcceptedBody: Encodable {
    var status = "completed"
    var receipt: Receipt
}
