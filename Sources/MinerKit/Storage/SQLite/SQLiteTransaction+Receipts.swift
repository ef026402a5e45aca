import Foundation

extension SQLiteTransaction: ReceiptWriting {
    private static let receiptColumns = "seq, body, tx_id, created_at, block_height, block_index"

    func receipt(id: String) throws -> ReceiptRecord? {
        try connection.statement("SELECT \(Self.receiptColumns) FROM receipts WHERE id = ?", id).firstRow(Self.decodeReceipt)
    }

    func receipt(jobID: String) throws -> ReceiptRecord? {
        try connection.statement("SELECT \(Self.receiptColumns) FROM receipts WHERE job_id = ?", jobID)
            .firstRow(Self.decodeReceipt)
    }

    func receipts(_ query: ReceiptQuery) throws -> [ReceiptRecord] {
        var filter = SQLiteFilter()
        if let client = query.client { filter.require("client = ?", client) }
        if let provider = query.provider { filter.require("provider = ?", provider) }
        if let before = query.beforeSequence { filter.require("seq < ?", before) }
        return try connection.statement("SELECT \(Self.receiptColumns) FROM receipts \(filter.clause) ORDER BY seq DESC LIMIT ? OFFSET ?",
                                        binding: filter.values + [query.limit, query.offset])
            .rows(Self.decodeReceipt)
    }

    func unsealedReceiptCount() throws -> Int {
        Int(try connection.scalarInt("SELECT count(*) FROM receipts WHERE block_height IS NULL"))
    }

    func unsealedReceipts(limit: Int) throws -> [ReceiptRecord] {
        try connection.statement(
            "SELECT \(Self.receiptColumns) FROM receipts WHERE block_height IS NULL ORDER BY seq LIMIT ?", limit)
            .rows(Self.decodeReceipt)
    }

    func receipts(inBlock height: Int) throws -> [ReceiptRecord] {
        try connection.statement(
            "SELECT \(Self.receiptColumns) FROM receipts WHERE block_height = ? ORDER BY block_index", height)
            .rows(Self.decodeReceipt)
    }

    func insert(_ record: ReceiptRecord) throws -> ReceiptRecord {
        let body = String(decoding: try CanonicalJSON.encode(record.receipt.document), as: UTF8.self)
        let statement = try connection.statement("""
            INSERT INTO receipts (id, job_id, client, provider, tx_id, body, created_at, block_height, block_index)
            VALUES (?,?,?,?,?,?,?,?,?)
            """, record.receipt.receiptID, record.receipt.jobID, record.receipt.client, record.receipt.provider,
            record.txID, body, record.createdAt, record.blockHeight, record.blockIndex)
        // The UNIQUE constraints on id and job_id refuse a second receipt; no reads first.
        try SQLiteError.onConstraint(MinerKitError(.conflict, code: "receipt_exists",
                                                   "job \(record.receipt.jobID) already has a receipt")) {
            try statement.run()
        }
        var stored = record
        stored.sequence = try connection.scalarInt("SELECT last_insert_rowid()")
        return stored
    }

    func seal(receiptIDs: [String], inBlock height: Int) throws {
        let statement = try connection.statement(
            "UPDATE receipts SET block_height = ?, block_index = ? WHERE id = ? AND block_height IS NULL")
        for (index, id) in receiptIDs.enumerated() {
            statement.reset()
            statement.bind(1, height)
            statement.bind(2, index)
            statement.bind(3, id)
            try statement.run()
            guard statement.changes == 1 else {
                throw MinerKitError(.internal, code: "seal_out_of_order", "receipt \(id) is missing or already sealed")
            }
        }
    }

    private static func decodeReceipt(_ s: SQLiteStatement) throws -> ReceiptRecord {
        guard let receipt = JSONValue(jsonString: s.string(1)).flatMap(Receipt.init(document:)) else {
            throw MinerKitError(.storage, code: "database_corrupt", "receipt row \(s.int64(0)) does not decode")
        }
        return ReceiptRecord(receipt: receipt, txID: s.string(2), createdAt: s.date(3), sequence: s.int64(0),
                             blockHeight: s.isNull(4) ? nil : s.int(4), blockIndex: s.isNull(5) ? nil : s.int(5))
    }
}

extension SQLiteTransaction: BlockWriting {
    private static let blockColumns = "height, hash, previous_hash, timestamp, merkle_root, transactions, format_version"

    func block(height: Int) throws -> Block? {
        try connection.statement("SELECT \(Self.blockColumns) FROM blocks WHERE height = ?", height).firstRow(Self.decodeBlock)
    }

    func latestBlock() throws -> Block? {
        try connection.statement("SELECT \(Self.blockColumns) FROM blocks ORDER BY height DESC LIMIT 1").firstRow(Self.decodeBlock)
    }

    func blocks(below height: Int?, limit: Int) throws -> [Block] {
        try connection.statement("SELECT \(Self.blockColumns) FROM blocks WHERE height < ? ORDER BY height DESC LIMIT ?",
                                 height ?? Int.max, limit).rows(Self.decodeBlock)
    }

    /// Writes already run one at a time here: nothing to lock.
    func lockLedger() {}

    func append(_ block: Block) throws {
        let next = Int(try connection.scalarInt("SELECT coalesce(max(height), 0) FROM blocks")) + 1
        guard block.height == next else {
            throw MinerKitError(.conflict, code: "block_height_taken", "block \(block.height) is not the next block")
        }
        try connection.statement("INSERT INTO blocks (\(Self.blockColumns)) VALUES (?,?,?,?,?,?,?)",
                                 block.height, block.hash, block.previousHash, block.timestamp, block.merkleRoot,
                                 block.transactions, block.formatVersion).run()
    }

    private static func decodeBlock(_ s: SQLiteStatement) -> Block {
        Block(height: s.int(0), hash: s.string(1), previousHash: s.string(2), timestamp: s.date(3),
              merkleRoot: s.string(4), transactions: s.int(5), formatVersion: s.isNull(6) ? nil : s.int(6))
    }
}
