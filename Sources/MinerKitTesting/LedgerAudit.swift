import Foundation
import MinerKit

/// Checks a coordinator's whole explorer ledger: blocks form one hash chain from genesis without gaps,
/// every stored receipt is signed by the coordinator's key, sits in exactly one block and proves into
/// that block's Merkle root. For tests, conformance suites and operators' audits.
///
/// ```swift
/// let report = try await LedgerAudit.audit(coordinator, publicKey: coordinator.publicKey)
/// precondition(report.problems.isEmpty)
/// ```
public enum LedgerAudit {
    /// What the audit found.
    public struct Report: Sendable {
        public var blocks = 0
        public var receipts = 0
        /// Receipts stored but not yet in a block (not problems: sealing is periodic).
        public var unsealed = 0
        /// Everything that does not hold, one sentence each.
        public var problems: [String] = []
    }

    /// Audits every block and receipt `coordinator` has stored, checking signatures with `publicKey`.
    public static func audit(_ coordinator: Coordinator, publicKey: Ed25519PublicKey) async throws -> Report {
        var report = Report()
        var chain: [Block] = []
        var below: Int?
        while true {
            let page = try await coordinator.blocks(below: below, limit: 500)
            chain += page
            guard let last = page.last, page.count == 500 else { break }
            below = last.height
        }
        chain.sort { $0.height < $1.height }
        report.blocks = chain.count
        var previous = Block.genesisPreviousHash
        for (index, block) in chain.enumerated() {
            if block.height != index + 1 { report.problems.append("block \(block.height) stands at position \(index + 1)") }
            if block.previousHash != previous { report.problems.append("block \(block.height) does not link to its predecessor") }
            if (try? block.computedHash()) != block.hash { report.problems.append("block \(block.height) hash does not match its header") }
            previous = block.hash
        }

        var cursor: Int64?
        var inBlocks = 0
        while true {
            let page = try await coordinator.receipts(ReceiptQuery(beforeSequence: cursor, limit: 500))
            for record in page {
                report.receipts += 1
                let receipt = record.receipt
                if !receipt.verify(with: publicKey) { report.problems.append("receipt \(receipt.receiptID) signature invalid") }
                guard record.blockHeight != nil else {
                    report.unsealed += 1
                    continue
                }
                inBlocks += 1
                let (proof, block) = try await coordinator.inclusionProof(receiptID: receipt.receiptID)
                if !proof.verify(receipt: receipt, block: block) {
                    report.problems.append("receipt \(receipt.receiptID) does not prove into block \(block.height)")
                }
            }
            guard let last = page.last, page.count == 500 else { break }
            cursor = last.sequence
        }
        let sealed = chain.reduce(0) { $0 + $1.transactions }
        if sealed != inBlocks { report.problems.append("blocks hold \(sealed) receipts, \(inBlocks) receipts name a block") }
        return report
    }
}
