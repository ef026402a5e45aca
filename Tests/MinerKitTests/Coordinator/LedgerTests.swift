import Foundation
import MinerKit
import Testing

@Suite struct MerkleTreeTests {
    private func leaves(_ count: Int) -> [[UInt8]] {
        (0..<count).map { SHA256.hash(Array("leaf \($0)".utf8)) }
    }

    @Test(arguments: 1...9)
    func everyLeafProvesAgainstTheRoot(count: Int) {
        let leaves = leaves(count)
        let root = MerkleTree.root(of: leaves)
        for index in leaves.indices {
            let proof = MerkleTree.proof(for: index, in: leaves)
            #expect(MerkleTree.root(folding: proof, into: leaves[index]) == root)
            #expect(MerkleTree.root(folding: proof, into: SHA256.hash([1, 2, 3])) != root)
        }
    }

    @Test func oddLevelsCarryTheLastHashUp() {
        let l = leaves(3)
        let node = { (a: [UInt8], b: [UInt8]) in SHA256.hash([0x01] + a + b) }
        #expect(MerkleTree.root(of: l) == node(node(l[0], l[1]), l[2]))
        #expect(MerkleTree.root(of: [l[0]]) == l[0])
        #expect(MerkleTree.root(of: []) == SHA256.hash([]))
        // Duplicating the last leaf must not give the same root (the classic odd-duplication flaw).
        #expect(MerkleTree.root(of: l) != MerkleTree.root(of: l + [l[2]]))
    }
}

@Suite struct BlockTests {
    @Test func blocksChainAndDetectTampering() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000.7)
        let first = try Block.seal(leaves: [SHA256.hash([1])], after: nil, at: now)
        let second = try Block.seal(leaves: [SHA256.hash([2]), SHA256.hash([3])], after: first, at: now)
        #expect(first.height == 1 && first.previousHash == Block.genesisPreviousHash)
        #expect(second.height == 2 && second.previousHash == first.hash && second.transactions == 2)
        #expect(first.timestamp.timeIntervalSince1970 == 1_700_000_000)
        #expect(try second.computedHash() == second.hash)
        var tampered = second
        tampered.merkleRoot = first.merkleRoot
        #expect(try tampered.computedHash() != tampered.hash)
    }
}
