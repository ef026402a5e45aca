import Foundation

extension Coordinator {
    /// Receipts matching `query`, newest first.
    public func receipts(_ query: ReceiptQuery) async throws -> [ReceiptRecord] {
        try await store.read { db in try await db.receipts(query) }
    }

    /// The receipt `id` (404 when unknown).
    public func receipt(id: String) async throws -> ReceiptRecord {
        try await store.read { db in try await Self.requireReceipt(id, in: db) }
    }

    /// The signed receipt `id` (404 when unknown): one of the last issued by this coordinator without
    /// a read (receipts never change once issued), else ``receipt(id:)``'s.
    public func signedReceipt(id: String) async throws -> Receipt {
        if let recent = recentReceipts.receipt(id: id) { return recent }
        return try await receipt(id: id).receipt
    }

    /// Up to `limit` blocks below `height` (newest first).
    public func blocks(below height: Int? = nil, limit: Int = 10) async throws -> [Block] {
        try await store.read { db in try await db.blocks(below: height, limit: limit) }
    }

    /// Block `height` and its receipts in block order (404 when unknown).
    public func block(height: Int) async throws -> (Block, [ReceiptRecord]) {
        try await store.read { db in
            guard let block = try await db.block(height: height) else {
                throw MinerKitError(.notFound, code: "block_not_found", "no block at height \(height)")
            }
            return (block, try await db.receipts(inBlock: height))
        }
    }

    /// The proof that receipt `id` is in its block, with that block. 404 `receipt_not_sealed` while the
    /// receipt waits for its block.
    public func inclusionProof(receiptID id: String) async throws -> (InclusionProof, Block) {
        try await store.read { db in
            let record = try await Self.requireReceipt(id, in: db)
            guard let height = record.blockHeight, let index = record.blockIndex, let block = try await db.block(height: height) else {
                throw MinerKitError(.notFound, code: "receipt_not_sealed", "receipt \(id) is not in a block yet")
            }
            let leaves = try await db.receipts(inBlock: height).compactMap { Hex.decode($0.txID) }
            let proof = InclusionProof(receiptID: id, txID: record.txID, blockHeight: height, blockHash: block.hash,
                                       merkleRoot: block.merkleRoot, index: index,
                                       proof: MerkleTree.proof(for: index, in: leaves))
            return (proof, block)
        }
    }

    /// Network-wide counters.
    public func networkStats() async throws -> NetworkStats {
        try await store.read { db in
            NetworkStats(totalJobs: try await db.jobCount(state: nil), activeMiners: try await db.minerCount(status: .active),
                         totalReceipts: try await db.receiptCount(), blockHeight: try await db.latestBlock()?.height ?? 0)
        }
    }

    /// Seals every waiting receipt now, one block per `blockSize` receipts (shutdown, tests).
    @discardableResult
    public func sealPendingReceipts() async throws -> [Block] {
        let now = clock.now()
        let sealed = try await store.write { db in
            var sealed: [Block] = []
            while let block = try await self.sealBlock(db, at: now) { sealed.append(block) }
            return sealed
        }
        for block in sealed { observer?.observe(.blockSealed(receipts: block.transactions)) }
        return sealed
    }

    static func requireReceipt(_ id: String, in db: any StoreReader) async throws -> ReceiptRecord {
        guard let record = try await db.receipt(id: id) else {
            throw MinerKitError(.notFound, code: "receipt_not_found", "no receipt with id \(id)")
        }
        return record
    }
}
