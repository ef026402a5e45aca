import Foundation

extension SQLiteTransaction: ReceiptWriting {
    private static let receiptColumns = "seq, body, tx_id, created_at, block_height, block_index"

    func receipt(id: String) throws -> ReceiptRecord? {
        let statement = try connection.statement("SELECT \(Self.receiptColumns) FROM receipts WHERE id = ?")
        statement.bind(1, id)
        return try statement.step() ? Self.decodeReceipt(statement) : nil
    }

    func receipt(jobID: String) throws -> ReceiptRecord? {
        let statement = try connection.statement("SELECT \(Self.receiptColumns) FROM receipts WHERE job_id = ?")
        statement.bind(1, jobID)
        return try statement.step() ? Self.decodeReceipt(statement) : nil
    }

    func receipts(_ query: ReceiptQuery) throws -> [ReceiptRecord] {
        var clauses: [String] = []
        if query.client != nil { clauses.append("client = ?") }
        if query.provider != nil { clauses.append("provider = ?") }
        if query.beforeSequence != nil { clauses.append("seq < ?") }
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let statement = try connection.statement(
            "SELECT \(Self.receiptColumns) FROM receipts \(filter) ORDER BY seq DESC LIMIT ? OFFSET ?")
        var index: Int32 = 1
        for value in [query.client, query.provider] where value != nil {
            statement.bind(index, value)
            index += 1
        }
        if let before = query.beforeSequence {
            statement.bind(index, before)
            index += 1
        }
        statement.bind(index, query.limit)
        statement.bind(index + 1, query.offset)
        return try Self.collectReceipts(statement)
    }

    func unsealedReceiptCount() throws -> Int {
        Int(try connection.scalarInt("SELECT count(*) FROM receipts WHERE block_height IS NULL"))
    }

    func unsealedReceipts(limit: Int) throws -> [ReceiptRecord] {
        let statement = try connection.statement(
            "SELECT \(Self.receiptColumns) FROM receipts WHERE block_height IS NULL ORDER BY seq LIMIT ?")
        statement.bind(1, limit)
        return try Self.collectReceipts(statement)
    }

    func receipts(inBlock height: Int) throws -> [ReceiptRecord] {
        let statement = try connection.statement(
            "SELECT \(Self.receiptColumns) FROM receipts WHERE block_height = ? ORDER BY block_index")
        statement.bind(1, height)
        return try Self.collectReceipts(statement)
    }

    func insert(_ record: ReceiptRecord) throws -> ReceiptRecord {
        let body = String(decoding: try CanonicalJSON.encode(record.receipt.document), as: UTF8.self)
        let statement = try connection.statement("""
            INSERT INTO receipts (id, job_id, client, provider, tx_id, body, created_at, block_height, block_index)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        statement.bind(1, record.receipt.receiptID)
        statement.bind(2, record.receipt.jobID)
        statement.bind(3, record.receipt.client)
        statement.bind(4, record.receipt.provider)
        statement.bind(5, record.txID)
        statement.bind(6, body)
        statement.bind(7, record.createdAt)
        statement.bind(8, record.blockHeight.map(Int64.init))
        statement.bind(9, record.blockIndex.map(Int64.init))
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

    private static func collectReceipts(_ statement: SQLiteStatement) throws -> [ReceiptRecord] {
        var out: [ReceiptRecord] = []
        while try statement.step() { out.append(try decodeReceipt(statement)) }
        return out
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
        let statement = try connection.statement("SELECT \(Self.blockColumns) FROM blocks WHERE height = ?")
        statement.bind(1, height)
        return try statement.step() ? Self.decodeBlock(statement) : nil
    }

    func latestBlock() throws -> Block? {
        let statement = try connection.statement("SELECT \(Self.blockColumns) FROM blocks ORDER BY height DESC LIMIT 1")
        return try statement.step() ? Self.decodeBlock(statement) : nil
    }

    func blocks(below height: Int?, limit: Int) throws -> [Block] {
        let statement = try connection.statement(
            "SELECT \(Self.blockColumns) FROM blocks WHERE height < ? ORDER BY height DESC LIMIT ?")
        statement.bind(1, Int64(height ?? Int.max))
        statement.bind(2, limit)
        var out: [Block] = []
        while try statement.step() { out.append(Self.decodeBlock(statement)) }
        return out
    }

    /// Writes already run one at a time here: nothing to lock.
    func lockLedger() {}

    func append(_ block: Block) throws {
        let next = Int(try connection.scalarInt("SELECT coalesce(max(height), 0) FROM blocks")) + 1
        guard block.height == next else {
            throw MinerKitError(.conflict, code: "block_height_taken", "block \(block.height) is not the next block")
        }
        let statement = try connection.statement("INSERT INTO blocks (\(Self.blockColumns)) VALUES (?,?,?,?,?,?,?)")
        statement.bind(1, block.height)
        statement.bind(2, block.hash)
        statement.bind(3, block.previousHash)
        statement.bind(4, block.timestamp)
        statement.bind(5, block.merkleRoot)
        statement.bind(6, block.transactions)
        statement.bind(7, block.formatVersion.map(Int64.init))
        try statement.run()
    }

    private static func decodeBlock(_ s: SQLiteStatement) -> Block {
        Block(height: s.int(0), hash: s.string(1), previousHash: s.string(2), timestamp: s.date(3),
              merkleRoot: s.string(4), transactions: s.int(5), formatVersion: s.isNull(6) ? nil : s.int(6))
    }
}
