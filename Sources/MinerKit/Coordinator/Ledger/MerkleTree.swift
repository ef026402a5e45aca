/// SHA-256 Merkle trees over receipts, with domain-separated leaves and nodes:
///
/// - leaf = SHA-256(0x00 ‖ canonical JSON of the served receipt, signature included)
/// - node = SHA-256(0x01 ‖ left ‖ right)
/// - a level with an odd count carries its last hash up unchanged (never duplicated, so no two
///   different receipt lists share a root).
///
/// The root of an empty list is SHA-256 of nothing.
public enum MerkleTree {
    /// The leaf hash of a served receipt document.
    public static func leafHash(of document: JSONValue) throws -> [UInt8] {
        SHA256.hash([0x00] + (try CanonicalJSON.encode(document)))
    }

    /// The root over `leaves` (in block order).
    public static func root(of leaves: [[UInt8]]) -> [UInt8] {
        guard !leaves.isEmpty else { return SHA256.hash([]) }
        var level = leaves
        while level.count > 1 { level = parentLevel(of: level) }
        return level[0]
    }

    /// The audit path proving `leaves[index]` is in the tree.
    public static func proof(for index: Int, in leaves: [[UInt8]]) -> [ProofStep] {
        var steps: [ProofStep] = []
        var level = leaves
        var position = index
        while level.count > 1 {
            let sibling = position ^ 1
            if sibling < level.count {
                steps.append(ProofStep(hash: Hex.encode(level[sibling]), position: sibling < position ? .left : .right))
            }
            level = parentLevel(of: level)
            position /= 2
        }
        return steps
    }

    /// The root obtained by folding `steps` into `leaf`; equal to the block's root when the proof holds.
    public static func root(folding steps: [ProofStep], into leaf: [UInt8]) -> [UInt8]? {
        var hash = leaf
        for step in steps {
            guard let sibling = Hex.decode(step.hash), sibling.count == 32 else { return nil }
            hash = step.position == .left ? node(sibling, hash) : node(hash, sibling)
        }
        return hash
    }

    static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] { SHA256.hash([0x01] + left + right) }

    private static func parentLevel(of level: [[UInt8]]) -> [[UInt8]] {
        stride(from: 0, to: level.count, by: 2).map { i in
            i + 1 < level.count ? node(level[i], level[i + 1]) : level[i]
        }
    }
}

/// One step of a Merkle audit path: the sibling hash (hex) and which side it sits on.
public struct ProofStep: Sendable, Equatable, Codable {
    /// Which side of the running hash the sibling is concatenated on.
    public enum Position: String, Sendable, Codable { case left, right }

    public var hash: String
    public var position: Position

    enum CodingKeys: String, CodingKey, CaseIterable { case hash, position }

    public init(hash: String, position: Position) {
        self.hash = hash
        self.position = position
    }
}
