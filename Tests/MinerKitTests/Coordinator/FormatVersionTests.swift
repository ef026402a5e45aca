import Foundation
import MinerKit
import Testing

/// Receipts and blocks say which format they are; the build says which version it is.
@Suite struct FormatVersionTests {
    @Test(arguments: StoreKind.allCases)
    func issuedReceiptsAndSealedBlocksCarryTheirFormat(kind: StoreKind) async throws {
        let s = try await CoordinatorTests.Setup(kind)
        let miner = try await s.miner("m1")
        let job = try await s.submit()
        let leased = try await s.coordinator.claim(jobID: job.id, credentials: miner)
        let issued = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "out", leaseToken: leased.lease.token),
                                                      credentials: miner)
        #expect(issued.formatVersion == Receipt.currentFormatVersion)
        #expect(issued.document["format_version"] == .number(Double(Receipt.currentFormatVersion)))

        let stored = try await s.coordinator.receipt(id: issued.receiptID).receipt
        #expect(stored == issued)
        let received = try ReceivedReceipt(document: stored.document)
        #expect(received.format == .minerKit(version: Receipt.currentFormatVersion))
        #expect(received.verify(with: s.coordinator.publicKey) && received.unsignedFields.isEmpty)

        _ = try await s.coordinator.sealPendingReceipts()
        let (proof, block) = try await s.coordinator.inclusionProof(receiptID: issued.receiptID)
        #expect(block.formatVersion == Block.currentFormatVersion && block.header["format_version"] != nil)
        #expect(try await s.coordinator.block(height: block.height).0 == block)
        #expect(proof.verify(receipt: stored, block: block))
    }

    @Test(arguments: StoreKind.allCases)
    func versionOneRecordsReadBackAsVersionOne(kind: StoreKind) async throws {
        let store = try kind.make()
        let pair = Ed25519KeyPair.generate()
        let legacy = try #require(Receipt(document: try ReceivedReceiptTests.minerKitReceipt(signedBy: pair, formatVersion: nil)))
        var block = try Block.seal(leaves: [try MerkleTree.leafHash(of: legacy.document)], after: nil,
                                   at: Date(timeIntervalSince1970: 1_700_000_000))
        block.formatVersion = nil
        block.hash = try block.computedHash()
        let sealed = block
        try await store.write { db in
            _ = try await db.insert(ReceiptRecord(receipt: legacy, txID: Hex.encode(try MerkleTree.leafHash(of: legacy.document)),
                                                  createdAt: Date(timeIntervalSince1970: 1_700_000_000)))
            try await db.append(sealed)
        }
        let (storedReceipt, storedBlock) = try await store.read { db in
            (try await db.receipt(id: legacy.receiptID), try await db.block(height: 1))
        }
        #expect(storedReceipt?.receipt == legacy && storedReceipt?.receipt.formatVersion == nil)
        #expect(storedBlock == sealed && storedBlock?.formatVersion == nil)
        #expect(try storedBlock?.computedHash() == sealed.hash)
        #expect(try ReceivedReceipt(document: legacy.document).verify(with: pair.publicKey))
    }

    @Test func versionOneBlocksKeepTheirHash() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        var block = try Block.seal(leaves: [SHA256.hash([1])], after: nil, at: now)
        #expect(block.formatVersion == Block.currentFormatVersion)
        // A block sealed before the field existed: no format_version in its header, nor in its JSON.
        block.formatVersion = nil
        block.hash = Hex.encode(SHA256.hash(try CanonicalJSON.encode([
            "height": 1, "previous_hash": .string(Block.genesisPreviousHash), "timestamp": 1_700_000_000,
            "merkle_root": .string(block.merkleRoot), "transactions": 1,
        ])))
        #expect(try block.computedHash() == block.hash)
        let json = try JSONEncoder().encode(block)
        #expect(!String(decoding: json, as: UTF8.self).contains("format_version"))
        let next = try Block.seal(leaves: [SHA256.hash([2])], after: block, at: now)
        let nextHash = try next.computedHash()
        #expect(next.previousHash == block.hash && next.formatVersion == 2 && nextHash == next.hash)
        // Changing the version of a sealed block breaks its hash.
        var relabelled = next
        relabelled.formatVersion = 3
        #expect(try relabelled.computedHash() != next.hash)
    }

    @Test func theBuildVersionIsSemantic() {
        let parts = MinerKitVersion.current.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil })
    }
}
