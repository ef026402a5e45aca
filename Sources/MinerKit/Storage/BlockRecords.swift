/// Reading the explorer's block log inside a transaction.
public protocol BlockReading {
    func block(height: Int) throws -> Block?
    /// The newest block, or `nil` before the first seal.
    func latestBlock() throws -> Block?
    /// Up to `limit` blocks below `height` (all when `nil`), newest first.
    func blocks(below height: Int?, limit: Int) throws -> [Block]
}

/// Appending to the block log. Blocks are never changed or removed.
public protocol BlockWriting: BlockReading {
    /// Appends `block`; its height must be the next one (else a conflict).
    func append(_ block: Block) throws
}
