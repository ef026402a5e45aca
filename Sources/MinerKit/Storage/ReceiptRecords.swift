import Foundation

/// A stored receipt with its place in the log.
public struct ReceiptRecord: Sendable, Equatable {
    public var receipt: Receipt
    /// Insertion order, assigned by the store (unique, only grows).
    public var sequence: Int64
    /// Stable transaction id: hex Merkle leaf hash of the served receipt.
    public var txID: String
    public var createdAt: Date
    /// The sealing block and position in it; `nil` until sealed.
    public var blockHeight: Int?
    public var blockIndex: Int?

    public init(receipt: Receipt, txID: String, createdAt: Date, sequence: Int64 = 0,
                blockHeight: Int? = nil, blockIndex: Int? = nil) {
        self.receipt = receipt
        self.sequence = sequence
        self.txID = txID
        self.createdAt = createdAt
        self.blockHeight = blockHeight
        self.blockIndex = blockIndex
    }
}

/// Which receipts to list, newest first.
public struct ReceiptQuery: Sendable, Equatable {
    public var client: String?
    public var provider: String?
    /// Only receipts with a smaller sequence (a stable cursor across pages).
    public var beforeSequence: Int64?
    public var limit: Int
    public var offset: Int

    public init(client: String? = nil, provider: String? = nil, beforeSequence: Int64? = nil,
                limit: Int = 20, offset: Int = 0) {
        self.client = client
        self.provider = provider
        self.beforeSequence = beforeSequence
        self.limit = limit
        self.offset = offset
    }
}

/// Reading receipts inside a transaction.
public protocol ReceiptReading {
    func receipt(id: String) async throws -> ReceiptRecord?
    func receipt(jobID: String) async throws -> ReceiptRecord?
    /// Receipts matching `query`, newest first.
    func receipts(_ query: ReceiptQuery) async throws -> [ReceiptRecord]
    /// How many receipts there are, kept by the store as receipts are added (no scan).
    func receiptCount() async throws -> Int
    /// When the newest `limit` receipts were stored, newest first: what a throughput count needs,
    /// without reading the receipts themselves.
    func recentReceiptTimes(limit: Int) async throws -> [Date]
    /// How many receipts are not yet in a block.
    func unsealedReceiptCount() async throws -> Int
    /// Up to `limit` receipts not yet in a block, oldest first.
    func unsealedReceipts(limit: Int) async throws -> [ReceiptRecord]
    /// Receipts of block `height`, in block order.
    func receipts(inBlock height: Int) async throws -> [ReceiptRecord]
}

/// Changing receipts inside a write transaction.
public protocol ReceiptWriting: ReceiptReading {
    /// Stores a new receipt and returns it with its sequence. A second receipt for the same job (or a
    /// duplicate id) is a conflict: exactly one receipt exists per completed job.
    func insert(_ record: ReceiptRecord) async throws -> ReceiptRecord
    /// Stores a new receipt as ``insert(_:)`` does and says how many receipts are then unsealed, which
    /// decides whether a block is full. A store that can does both in one statement; the default inserts,
    /// then counts.
    func insertCountingUnsealed(_ record: ReceiptRecord) async throws -> (stored: ReceiptRecord, unsealed: Int)
    /// Records that `receiptIDs` (in order) form block `height`.
    func seal(receiptIDs: [String], inBlock height: Int) async throws
}

extension ReceiptWriting {
    public func insertCountingUnsealed(_ record: ReceiptRecord) async throws -> (stored: ReceiptRecord, unsealed: Int) {
        let stored = try await insert(record)
        return (stored, try await unsealedReceiptCount())
    }
}
