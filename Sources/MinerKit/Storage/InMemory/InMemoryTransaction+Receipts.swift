extension InMemoryTransaction: ReceiptWriting {
    func receipt(id: String) throws -> ReceiptRecord? { db.receipt(id) }

    func receipt(jobID: String) throws -> ReceiptRecord? { db.receiptByJob[jobID].flatMap { db.receipt($0) } }

    func receipts(_ query: ReceiptQuery) throws -> [ReceiptRecord] {
        var out: [ReceiptRecord] = []
        var skipped = 0
        for id in db.receiptOrder.reversed() {
            guard let record = db.receipt(id) else { continue }
            if let before = query.beforeSequence, record.sequence >= before { continue }
            if let client = query.client, record.receipt.client != client { continue }
            if let provider = query.provider, record.receipt.provider != provider { continue }
            if skipped < query.offset { skipped += 1; continue }
            out.append(record)
            if out.count >= query.limit { break }
        }
        return out
    }

    func receiptCount() throws -> Int { db.receipts.count }

    func unsealedReceiptCount() throws -> Int { db.receiptOrder.count - db.firstUnsealed }

    func unsealedReceipts(limit: Int) throws -> [ReceiptRecord] {
        db.receiptOrder[db.firstUnsealed...].prefix(limit).compactMap { db.receipt($0) }
    }

    func receipts(inBlock height: Int) throws -> [ReceiptRecord] {
        guard let range = db.blockRanges[height] else { return [] }
        return db.receiptOrder[range].compactMap { db.receipt($0) }
    }

    func insert(_ record: ReceiptRecord) throws -> ReceiptRecord {
        guard db.receiptByJob[record.receipt.jobID] == nil, db.receipts[record.receipt.receiptID] == nil else {
            throw MinerKitError(.conflict, code: "receipt_exists", "job \(record.receipt.jobID) already has a receipt")
        }
        var stored = record
        stored.sequence = Int64(db.receiptOrder.count + 1)
        let id = stored.receipt.receiptID
        db.receipts[id] = stored.packed(strings: db.strings)
        db.receiptOrder.append(id)
        db.receiptByJob[stored.receipt.jobID] = id
        onRollback { db in
            db.receipts[id] = nil
            db.receiptOrder.removeLast()
            db.receiptByJob[record.receipt.jobID] = nil
        }
        return stored
    }

    func seal(receiptIDs: [String], inBlock height: Int) throws {
        let first = db.firstUnsealed
        for (index, id) in receiptIDs.enumerated() {
            guard let old = db.receipts[id], db.receiptOrder.indices.contains(first + index),
                  db.receiptOrder[first + index] == id else {
                throw MinerKitError(.internal, code: "seal_out_of_order", "receipt \(id) is not the next unsealed receipt")
            }
            var record = ReceiptRecord(packed: old, strings: db.strings)
            record.blockHeight = height
            record.blockIndex = index
            db.receipts[id] = record.packed(strings: db.strings)
            onRollback { db in db.receipts[id] = old }
        }
        let previousRange = db.blockRanges[height]
        // A block sealed in several calls gets one range (sealing is in order, so they are adjacent).
        let start = previousRange.flatMap { $0.upperBound == first ? $0.lowerBound : nil } ?? first
        db.blockRanges[height] = start..<first + receiptIDs.count
        db.firstUnsealed += receiptIDs.count
        onRollback { db in
            db.firstUnsealed = first
            db.blockRanges[height] = previousRange
        }
    }
}

extension InMemoryTransaction: BlockWriting {
    func block(height: Int) throws -> Block? {
        db.blocks.indices.contains(height - 1) ? db.blocks[height - 1] : nil
    }

    func latestBlock() throws -> Block? { db.blocks.last }

    func blocks(below height: Int?, limit: Int) throws -> [Block] {
        let end = min(db.blocks.count, max(0, (height ?? Int.max) - 1))
        return Array(db.blocks[..<end].reversed().prefix(limit))
    }

    /// Writes already run one at a time here: nothing to lock.
    func lockLedger() {}

    func append(_ block: Block) throws {
        guard block.height == db.blocks.count + 1 else {
            throw MinerKitError(.conflict, code: "block_height_taken", "block \(block.height) is not the next block")
        }
        db.blocks.append(block)
        onRollback { db in db.blocks.removeLast() }
    }
}
