import Foundation

/// One sealed batch of receipts in the explorer's append-only, hash-chained log.
///
/// ``hash`` is hex SHA-256 of the canonical JSON of ``header`` (height, previous hash, timestamp,
/// Merkle root, transaction count and format version), so each block commits to its predecessor and to
/// its receipts.
///
/// **Format versions.** Blocks sealed now carry ``currentFormatVersion`` (`format_version`), inside the
/// hashed header. Version 1 blocks, sealed before the field existed, have none (``formatVersion`` is
/// `nil`) and their header and hash are unchanged, so an existing chain keeps verifying and new blocks
/// extend it.
public struct Block: Sendable, Equatable, Codable {
    /// Hash of the block before the first one.
    public static let genesisPreviousHash = String(repeating: "0", count: 64)
    /// The format version of blocks sealed by this build.
    public static let currentFormatVersion = 2

    public var height: Int
    public var hash: String
    public var previousHash: String
    /// When the block was sealed (served as an ISO 8601 date-time, hashed as Unix seconds).
    public var timestamp: Date
    /// Hex Merkle root of the block's receipts (see ``MerkleTree``).
    public var merkleRoot: String
    /// Number of receipts (transactions) in the block.
    public var transactions: Int
    /// The block format version; `nil` for a version 1 block, which carries no such field.
    public var formatVersion: Int? = nil

    enum CodingKeys: String, CodingKey, CaseIterable {
        case height, hash
        case previousHash = "previous_hash"
        case timestamp
        case merkleRoot = "merkle_root"
        case transactions
        case formatVersion = "format_version"
    }

    /// Seals a block over `leaves` on top of `previous` (`nil` for the first block).
    public static func seal(leaves: [[UInt8]], after previous: Block?, at now: Date) throws -> Block {
        var block = Block(height: (previous?.height ?? 0) + 1, hash: "",
                          previousHash: previous?.hash ?? genesisPreviousHash,
                          timestamp: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)),
                          merkleRoot: Hex.encode(MerkleTree.root(of: leaves)), transactions: leaves.count,
                          formatVersion: currentFormatVersion)
        block.hash = try block.computedHash()
        return block
    }

    /// The fields the block hash covers (`format_version` only when set).
    public var header: JSONValue {
        var fields: [String: JSONValue] = [
            "height": .number(Double(height)), "previous_hash": .string(previousHash),
            "timestamp": .number(timestamp.timeIntervalSince1970.rounded(.down)),
            "merkle_root": .string(merkleRoot), "transactions": .number(Double(transactions)),
        ]
        if let formatVersion { fields["format_version"] = .number(Double(formatVersion)) }
        return .object(fields)
    }

    /// Hex SHA-256 of the canonical header; equal to ``hash`` for an untampered block.
    public func computedHash() throws -> String {
        Hex.encode(SHA256.hash(try CanonicalJSON.encode(header)))
    }
}
