import Foundation
import MinerKit

extension StoreConformance {
    static let ledgerChecks: [Check] = [
        check("each completion has one receipt; blocks chain and prove every receipt") { store, expect in
            let ledger = try await LedgerFixture(store, blockSize: 3)
            let receipts = try await ledger.complete(7)
            try await expect.error(.conflict, "receipt_exists") { [receipt = receipts[0]] in
                var copy = receipt
                copy.receiptID = Receipt.newID()
                try await store.write { [copy] db in
                    _ = try await db.insert(ReceiptRecord(receipt: copy, txID: String(repeating: "0", count: 64), createdAt: Date()))
                }
            }
            try expect.equal(try await store.read { try await $0.receiptCount() }, 7, "receipt count")
            try expect.equal(try await store.read { try await $0.unsealedReceiptCount() }, 1, "waiting after two full blocks")
            let sealed = try await ledger.coordinator.sealPendingReceipts()
            try expect.equal(sealed.map(\.height), [3], "the last, partial block")
            try await ledger.expectOneValidChain(of: receipts, expect)
            let listed = try await store.read { try await $0.receipts(ReceiptQuery(limit: 3)) }
            try expect.equal(listed.map(\.receipt.receiptID), receipts.suffix(3).reversed().map(\.receiptID), "newest first")
            let cursor = listed.last!.sequence
            let next = try await store.read { try await $0.receipts(ReceiptQuery(beforeSequence: cursor, limit: 2)) }
            try expect.equal(next.map(\.receipt.receiptID), [receipts[3].receiptID, receipts[2].receiptID], "next page")
        },
        check("a receipt stored with its unsealed count counts itself; a second one for its job is refused") { store, expect in
            let ledger = try await LedgerFixture(store, blockSize: 100)
            let receipts = try await ledger.complete(2)
            var third = receipts[1]
            third.receiptID = Receipt.newID()
            third.jobID = "job-\(Receipt.newID())"
            let counted = try await store.write { [third] db in
                try await db.insertCountingUnsealed(ReceiptRecord(receipt: third, txID: String(repeating: "1", count: 64), createdAt: Date()))
            }
            try expect.equal(counted.unsealed, 3, "two earlier receipts and this one")
            try expect.that(counted.stored.sequence > 0, "stored with a sequence")
            try await expect.error(.conflict, "receipt_exists") { [third] in
                var again = third
                again.receiptID = Receipt.newID()
                _ = try await store.write { [again] db in
                    try await db.insertCountingUnsealed(ReceiptRecord(receipt: again, txID: String(repeating: "2", count: 64), createdAt: Date()))
                }
            }
            try expect.equal(try await store.read { try await $0.unsealedReceiptCount() }, 3, "the refused one is not counted")
        },
        check("the block log is append-only at the next height") { store, expect in
            let ledger = try await LedgerFixture(store, blockSize: 2)
            _ = try await ledger.complete(2)
            guard let latest = try await store.read({ try await $0.latestBlock() }) else { return try expect.that(false, "no block") }
            try await expect.error(.conflict, "block_height_taken") { [latest] in
                try await store.write { db in try await db.append(latest) }
            }
            try expect.equal(try await store.read { try await $0.blocks(below: nil, limit: 10) }.map(\.height), [1], "blocks")
        },
    ]
}

/// A coordinator over the store under test with one client and one miner, for ledger checks.
struct LedgerFixture {
    let coordinator: Coordinator
    let client: ClientCredentials
    let miner: MinerCredentials

    init(_ store: any Store, blockSize: Int) async throws {
        coordinator = Coordinator(store: store, keyPair: .generate(), clock: ManualTimeSource(),
                                  configuration: CoordinatorConfiguration(rateLimits: .off, blockSize: blockSize))
        let (_, key) = try await coordinator.createClientKey(name: "conformance")
        client = ClientCredentials(apiKey: key.text)
        let enrollment = try await coordinator.registerMiner(MinerRegistration(minerID: "miner-1", capabilities: ["echo"], maxConcurrent: 64),
                                                             credentials: MinerCredentials(minerID: nil, apiKey: nil))
        miner = MinerCredentials(minerID: "miner-1", apiKey: enrollment.apiKey?.text)
    }

    /// Submits, leases and completes `count` jobs, one at a time; returns their receipts in order.
    func complete(_ count: Int) async throws -> [Receipt] {
        var receipts: [Receipt] = []
        for i in 0..<count {
            let job = try await coordinator.submitJob(JobSubmission(client: "", model: "echo", input: "\(i)"), credentials: client)
            let leased = try await coordinator.claim(jobID: job.id, credentials: miner)
            receipts.append(try await coordinator.complete(jobID: job.id, report: JobResultReport(result: "\(i)", leaseToken: leased.lease.token),
                                                           credentials: miner))
        }
        return receipts
    }

    /// Every receipt sits in exactly one block of one hash chain from genesis, with a valid proof.
    func expectOneValidChain(of receipts: [Receipt], _ expect: Expectations) async throws {
        let report = try await LedgerAudit.audit(coordinator, publicKey: coordinator.publicKey)
        try expect.that(report.problems.isEmpty, "ledger problems: \(report.problems.prefix(5))")
        try expect.equal(report.receipts, receipts.count, "stored receipts")
        try expect.equal(report.unsealed, 0, "receipts waiting for a block")
        for receipt in receipts {
            let stored = try await coordinator.receipt(id: receipt.receiptID).receipt
            try expect.equal(stored, receipt, "stored receipt \(receipt.receiptID)")
        }
    }
}
