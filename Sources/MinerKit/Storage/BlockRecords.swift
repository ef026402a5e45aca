/// Reading the explorer's block log inside a transaction.
public protocol BlockReading {
    func block(height: Int) async throws -> Block?
    /// The newest block, or `nil` before the first seal.
    func latestBlock() async throws -> Block?
    /// Up to `limit` blocks below `height` (all when `nil`), newest first.
    func blocks(below height: Int?, limit: Int) async throws -> [Block]
}

/// Appending to the block log. Blocks are never changed or removed.
public protocol BlockWriting: BlockReading {
    /// Makes this unit of work the only one appending to the log until it ends (a no-op for
    /// single-writer stores; an advisory lock on PostgreSQL). Call it before reading the latest block
    /// to seal the next, so every node appends to one hash chain.
    func lockLedger() async throws
    /// Appends `block`; its height must be the next one (else a conflict).
    func append(_ block: Block) async throws
}
