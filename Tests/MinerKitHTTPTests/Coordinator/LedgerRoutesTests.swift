import Foundation
import MinerKit
import MinerKitHTTP
import Testing

@Suite struct LedgerRoutesTests {
    /// Runs `count` jobs to completion through miner `m1`; returns their receipts.
    private func complete(_ count: Int, on live: LiveCoordinator) async throws -> [Receipt] {
        let miner = try await live.registerMiner("m1", concurrency: 64)
        var receipts: [Receipt] = []
        for i in 0..<count {
            let id = try await live.submit(prompt: "job \(i)", price: Double(i))
            #expect(try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": "m1"]).status == 200)
            let done = try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: miner,
                                           json: ["miner_id": "m1", "result": .string("r\(i)")])
            receipts.append(try done.decode(Receipt.self))
        }
        return receipts
    }

    @Test func receiptsListFilterAndGet() async throws {
        try await LiveCoordinator.serving { live in
            let receipts = try await complete(3, on: live)
            let all = try await live.send(.GET, "/v1/receipts")
            #expect(all.json.arrayCount == 3)
            #expect(all.json[0]?["receipt_id"]?.stringValue == receipts[2].receiptID)
            #expect(try await live.send(.GET, "/v1/receipts?limit=2").json.arrayCount == 2)
            #expect(try await live.send(.GET, "/v1/receipts?provider=m1&client=\(live.clientID)").json.arrayCount == 3)
            #expect(try await live.send(.GET, "/v1/receipts?provider=m2").json.arrayCount == 0)
            let one = try await live.send(.GET, "/v1/receipts/\(receipts[0].receiptID)")
            #expect(try one.decode(Receipt.self) == receipts[0])
            let missing = try await live.send(.GET, "/v1/receipts/rcpt_nope")
            #expect(missing.status == 404 && missing.errorCode == "receipt_not_found")
            #expect(try await live.send(.GET, "/v1/receipts?limit=0").status == 422)
        }
    }

    @Test(arguments: [false, true])
    func blocksChainAndProofsVerify(sqlite: Bool) async throws {
        let store: any Store = sqlite ? try SQLiteStore(path: temporaryPath("ledger.sqlite")) : InMemoryStore()
        try await LiveCoordinator.serving(store: store, configuration: .init(rateLimits: .off, blockSize: 3)) { live in
            let receipts = try await complete(7, on: live)

            let unsealed = try await live.send(.GET, "/v1/receipts/\(receipts[6].receiptID)/proof")
            #expect(unsealed.status == 404 && unsealed.errorCode == "receipt_not_sealed")
            live.clock.advance(by: 11)
            let report = try await live.coordinator.maintain()
            #expect(report.sealedBlock?.height == 3 && report.sealedBlock?.transactions == 1)

            let blocks = try await live.send(.GET, "/explorer/blocks").decode([Block].self)
            #expect(blocks.map(\.height) == [3, 2, 1])
            #expect(blocks.map(\.transactions) == [1, 3, 3])
            #expect(blocks[2].previousHash == Block.genesisPreviousHash)
            #expect(blocks[1].previousHash == blocks[2].hash && blocks[0].previousHash == blocks[1].hash)
            #expect(try blocks.allSatisfy { try $0.computedHash() == $0.hash })
            #expect(try await live.send(.GET, "/explorer/blocks?limit=1&before=3").decode([Block].self).map(\.height) == [2])

            for receipt in receipts {
                let proofReply = try await live.send(.GET, "/v1/receipts/\(receipt.receiptID)/proof")
                #expect(proofReply.status == 200)
                let proof = try proofReply.decode(InclusionProof.self)
                let detail = try await live.send(.GET, "/explorer/blocks/\(proof.blockHeight)")
                let block = try detail.decode(Block.self)
                #expect(proof.verify(receipt: receipt, block: block))
                #expect(detail.json["receipt_ids"]?[proof.index]?.stringValue == receipt.receiptID)
                var forged = receipt
                forged.units += 1
                #expect(!proof.verify(receipt: forged, block: block))
            }
            #expect(try await live.send(.GET, "/explorer/blocks/99").status == 404)
            #expect(try await live.send(.GET, "/explorer/blocks/x").status == 422)
        }
    }

    @Test func transactionsKeepTheirIdsAcrossPages() async throws {
        try await LiveCoordinator.serving { live in
            _ = try await complete(4, on: live)
            let firstPage = try await live.send(.GET, "/explorer/transactions?limit=2")
            let cursor = try #require(firstPage.json[1]?["sequence"]?.doubleValue)
            let miner = try await live.registerMiner("m9")
            let id = try await live.submit()
            _ = try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": "m9"])
            _ = try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: miner, json: ["miner_id": "m9", "result": "new"])

            let secondPage = try await live.send(.GET, "/explorer/transactions?limit=2&before=\(Int(cursor))")
            let everything = try await live.send(.GET, "/explorer/transactions?limit=100")
            #expect(everything.json.arrayCount == 5)
            #expect(secondPage.json[0] == everything.json[3] && secondPage.json[1] == everything.json[4])
            #expect(firstPage.json[0] == everything.json[1])
            #expect(everything.json[0]?["provider"] == "m9")

            let stats = try await live.send(.GET, "/explorer/stats")
            #expect(stats.json == ["total_jobs": 5, "active_miners": 2, "total_receipts": 5, "block_height": 0])
            #expect(try await live.send(.GET, "/explorer/receipts?limit=3").json.arrayCount == 3)
        }
    }
}
