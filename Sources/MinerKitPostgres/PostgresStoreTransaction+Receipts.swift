import Foundation
import MinerKit
import PostgresNIO

/// Receipts are written once, when their job completes, and changed only when sealed into a block.
///
/// **Sequence.** `seq` comes from an identity column: unique and increasing in insertion order, but
/// not in commit order. Two completions committing concurrently can become visible in the opposite
/// order of their sequences.
/// - Sealing does not depend on that order: it runs under the ledger lock, takes the unsealed receipts
///   committed by then, oldest sequence first, and marks them only where still unsealed, so every
///   committed receipt is sealed exactly once, in the next block after it commits. Blocks are therefore
///   in commit order, which may differ from sequence order by a few receipts.
/// - As a listing cursor (``ReceiptQuery/beforeSequence``), a sequence gives stable pages (no receipt
///   twice), but a client walking back page by page can miss a receipt that committed after the client
///   passed its sequence: the window is as long as the slowest completion in flight (milliseconds).
///   The block log is the complete record.
extension PostgresStoreTransaction: ReceiptWriting {
    private static let receiptColumns = """
        seq, id, job_id, provider, client, units, unit_type, price, model, started_at, completed_at, result_hash,
        signature_alg, signature_key_id, signature, format_version, tx_id, created_at, block_height, block_index
        """

    func receipt(id: String) async throws -> ReceiptRecord? {
        try await fetchReceipts("SELECT \(unescaped: Self.receiptColumns) FROM receipts WHERE id = \(id)").first
    }

    func receipt(jobID: String) async throws -> ReceiptRecord? {
        try await fetchReceipts("SELECT \(unescaped: Self.receiptColumns) FROM receipts WHERE job_id = \(jobID)").first
    }

    func receipts(_ query: ReceiptQuery) async throws -> [ReceiptRecord] {
        try await fetchReceipts("""
            SELECT \(unescaped: Self.receiptColumns) FROM receipts
            WHERE (\(query.client)::text IS NULL OR client = \(query.client))
              AND (\(query.provider)::text IS NULL OR provider = \(query.provider))
              AND (\(query.beforeSequence)::bigint IS NULL OR seq < \(query.beforeSequence))
            ORDER BY seq DESC LIMIT \(query.limit) OFFSET \(query.offset)
            """)
    }

    func unsealedReceiptCount() async throws -> Int {
        try await sql.query("SELECT count(*) FROM receipts WHERE block_height IS NULL").rows.first?.decode(Int.self) ?? 0
    }

    func unsealedReceipts(limit: Int) async throws -> [ReceiptRecord] {
        try await fetchReceipts("""
            SELECT \(unescaped: Self.receiptColumns) FROM receipts WHERE block_height IS NULL ORDER BY seq LIMIT \(limit)
            """)
    }

    func receipts(inBlock height: Int) async throws -> [ReceiptRecord] {
        try await fetchReceipts("""
            SELECT \(unescaped: Self.receiptColumns) FROM receipts WHERE block_height = \(height) ORDER BY block_index
            """)
    }

    func insert(_ record: ReceiptRecord) async throws -> ReceiptRecord {
        let sequence = try await sql.write(Self.insertion(of: record), returning: "seq",
                                           results: "(SELECT seq FROM written)") { try $0.next(Int64?.self) }
        return try Self.stored(record, sequence: sequence)
    }

    func insertCountingUnsealed(_ record: ReceiptRecord) async throws -> (stored: ReceiptRecord, unsealed: Int) {
        // One statement, with the unit's queued writes (a completion's job and counters): the count's
        // snapshot is taken before the statement (its members do not see each other), so the receipt
        // inserted, if any, is added to it.
        let (sequence, unsealed) = try await sql.write(Self.insertion(of: record), returning: "seq", results: """
            (SELECT seq FROM written),
            (SELECT count(*) FROM receipts WHERE block_height IS NULL) + (SELECT count(*) FROM written)
            """) { (try $0.next(Int64?.self), try $0.next(Int.self)) }
        return (try Self.stored(record, sequence: sequence), unsealed)
    }

    /// The insert of `record`: no row when its id or job already has a receipt (the UNIQUE constraints
    /// refuse it; DO NOTHING keeps the transaction usable).
    private static func insertion(of record: ReceiptRecord) -> PostgresWrite {
        let r = record.receipt
        return PostgresWrite("""
            INSERT INTO receipts (id, job_id, provider, client, units, unit_type, price, model,
            started_at, completed_at, result_hash, signature_alg, signature_key_id, signature, format_version, tx_id,
            created_at, block_height, block_index)
            VALUES (\(r.receiptID), \(r.jobID), \(r.provider), \(r.client), \(r.units), \(r.unitType), \(r.price),
            \(r.model), \(r.startedAt), \(r.completedAt), \(r.resultHash), \(r.signature.alg), \(r.signature.keyID),
            \(r.signature.sig), \(r.formatVersion), \(record.txID), \(record.createdAt.timeIntervalSince1970), \(record.blockHeight),
            \(record.blockIndex))
            ON CONFLICT DO NOTHING
            """, row: "receipt \(r.receiptID)")
    }

    /// `record` with the sequence the database gave it; no sequence means it was refused as a second receipt.
    private static func stored(_ record: ReceiptRecord, sequence: Int64?) throws -> ReceiptRecord {
        guard let sequence else {
            throw MinerKitError(.conflict, code: "receipt_exists", "job \(record.receipt.jobID) already has a receipt")
        }
        var stored = record
        stored.sequence = sequence
        return stored
    }

    func seal(receiptIDs: [String], inBlock height: Int) async throws {
        let result = try await sql.query("""
            UPDATE receipts SET block_height = \(height), block_index = sealed.position - 1
            FROM unnest(\(receiptIDs)::text[]) WITH ORDINALITY AS sealed (id, position)
            WHERE receipts.id = sealed.id AND receipts.block_height IS NULL
            """)
        guard result.metadata.rows == receiptIDs.count, Set(receiptIDs).count == receiptIDs.count else {
            throw MinerKitError(.internal, code: "seal_out_of_order", "a receipt of block \(height) is missing or already sealed")
        }
    }

    private func fetchReceipts(_ statement: PostgresFragment) async throws -> [ReceiptRecord] {
        try await sql.rows(statement).map(Self.decodeReceipt)
    }

    private static func decodeReceipt(_ row: PostgresRow) throws -> ReceiptRecord {
        var c = PostgresColumns(row)
        let sequence = try c.next(Int64.self)
        var fields: [String: JSONValue] = [
            "receipt_id": .string(try c.next()), "job_id": .string(try c.next()), "provider": .string(try c.next()),
            "client": .string(try c.next()), "units": .number(try c.next()), "unit_type": .string(try c.next()),
            "price": .number(try c.next()), "model": .string(try c.next()),
            "started_at": .number(Double(try c.next(Int64.self))), "completed_at": .number(Double(try c.next(Int64.self))),
            "result_hash": .string(try c.next()),
            "signature": .object(["alg": .string(try c.next()), "key_id": .string(try c.next()), "sig": .string(try c.next())]),
        ]
        if let version = try c.next(Int?.self) { fields["format_version"] = .number(Double(version)) }
        let receipt = try DomainDecoding.decode(Receipt.self, from: fields, row: "receipt row \(sequence)")
        return ReceiptRecord(receipt: receipt, txID: try c.next(), createdAt: try c.date(), sequence: sequence,
                             blockHeight: try c.next(Int?.self), blockIndex: try c.next(Int?.self))
    }
}

extension PostgresStoreTransaction: BlockWriting {
    /// The advisory lock key of the block log ("MKLEDGER").
    static let ledgerLockKey: Int64 = 0x4D4B_4C45_4447_4552

    private static let blockColumns = "height, hash, previous_hash, timestamp, merkle_root, transactions, format_version"

    func block(height: Int) async throws -> Block? {
        try await fetchBlocks("SELECT \(unescaped: Self.blockColumns) FROM blocks WHERE height = \(height)").first
    }

    func latestBlock() async throws -> Block? {
        try await fetchBlocks("SELECT \(unescaped: Self.blockColumns) FROM blocks ORDER BY height DESC LIMIT 1").first
    }

    func blocks(below height: Int?, limit: Int) async throws -> [Block] {
        try await fetchBlocks("""
            SELECT \(unescaped: Self.blockColumns) FROM blocks WHERE height < \(height ?? Int.max)
            ORDER BY height DESC LIMIT \(limit)
            """)
    }

    func lockLedger() async throws {
        try await sql.query("SELECT pg_advisory_xact_lock(\(Self.ledgerLockKey))")
    }

    func append(_ block: Block) async throws {
        // Inserted only when it is the next height; the primary key settles two appenders racing for it.
        let result = try await sql.query("""
            INSERT INTO blocks (\(unescaped: Self.blockColumns))
            SELECT \(block.height), \(block.hash), \(block.previousHash), \(block.timestamp.timeIntervalSince1970),
                   \(block.merkleRoot), \(block.transactions), \(block.formatVersion)
            WHERE \(block.height) = (SELECT coalesce(max(height), 0) + 1 FROM blocks)
            ON CONFLICT DO NOTHING
            """)
        guard result.metadata.rows == 1 else {
            throw MinerKitError(.conflict, code: "block_height_taken", "block \(block.height) is not the next block")
        }
    }

    private func fetchBlocks(_ query: PostgresQuery) async throws -> [Block] {
        try await sql.query(query).rows.map { row in
            var c = PostgresColumns(row)
            let height = try c.next(Int.self)
            var fields: [String: JSONValue] = [
                "height": .number(Double(height)), "hash": .string(try c.next()), "previous_hash": .string(try c.next()),
                "timestamp": .number(try c.next()), "merkle_root": .string(try c.next()),
                "transactions": .number(Double(try c.next(Int.self))),
            ]
            if let version = try c.next(Int?.self) { fields["format_version"] = .number(Double(version)) }
            return try DomainDecoding.decode(Block.self, from: fields, row: "block \(height)")
        }
    }
}
