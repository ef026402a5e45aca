import Foundation

/// Proof that a receipt is in a sealed block: the receipt's leaf hash, its audit path and the block's
/// root. Verify with ``verify(receipt:block:)``; no coordinator is needed.
public struct InclusionProof: Sendable, Equatable, Codable {
    public var receiptID: String
    /// The stable transaction id: the hex leaf hash of the receipt.
    public var txID: String
    public var blockHeight: Int
    public var blockHash: String
    public var merkleRoot: String
    /// The receipt's position in the block.
    public var index: Int
    public var proof: [ProofStep]

    public init(receiptID: String, txID: String, blockHeight: Int, blockHash: String, merkleRoot: String,
                index: Int, proof: [ProofStep]) {
        self.receiptID = receiptID
        self.txID = txID
        self.blockHeight = blockHeight
        self.blockHash = blockHash
        self.merkleRoot = merkleRoot
        self.index = index
        self.proof = proof
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case receiptID = "receipt_id"
        case txID = "tx_id"
        case blockHeight = "block_height"
        case blockHash = "block_hash"
        case merkleRoot = "merkle_root"
        case index, proof
    }

    /// Whether `receipt` hashes to this proof's leaf, the path folds to `block`'s Merkle root, and
    /// `block` is the one named here with an intact hash.
    public func verify(receipt: Receipt, block: Block) -> Bool {
        guard receipt.receiptID == receiptID, block.height == blockHeight, block.hash == blockHash,
              block.merkleRoot == merkleRoot, (try? block.computedHash()) == block.hash,
              let leaf = try? MerkleTree.leafHash(of: receipt.document), Hex.encode(leaf) == txID,
              let root = MerkleTree.root(folding: proof, into: leaf) else { return false }
        return Hex.encode(root) == block.merkleRoot
    }
}
