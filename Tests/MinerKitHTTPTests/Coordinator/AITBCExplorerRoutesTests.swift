import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// The explorer at AITBC's paths (`/v1/explorer/*`, `{"items": [...]}`) with the names AITBC's client
/// reads (`blocks`: height, hash, timestamp, proposer; `browser`: tx hash, block, status, from, to, value;
/// receipt status and payload units), beside the seed's `/explorer/*`.
@Suite struct AITBCExplorerRoutesTests {
    @Test func blocksTransactionsAndReceiptsAreServedAtAITBCsPaths() async throws {
        try await LiveCoordinator.serving(configuration: .init(rateLimits: .off, blockSize: 2)) { live in
            let miner = try await live.registerMiner("m1")
            for i in 0..<2 {
                let id = try await live.submit(prompt: "job \(i)", price: 0.5)
                #expect(try await live.send(.POST, "/v1/jobs/\(id)/claim", headers: miner, json: ["miner_id": "m1"]).status == 200)
                #expect(try await live.send(.POST, "/v1/jobs/\(id)/complete", headers: miner,
                                            json: ["miner_id": "m1", "result": "r"]).status == 200)
            }
            let blocks = try await live.send(.GET, "/v1/explorer/blocks")
            #expect(blocks.status == 200)
            let block = try #require(blocks.json["items"]?[0])
            #expect(block["height"] == 1 && block["tx_count"] == 2 && block["hash"]?.stringValue?.count == 64)
            #expect(block["timestamp"]?.stringValue != nil && block["proposer"]?.stringValue == live.coordinator.publicKey.keyID)

            let transactions = try await live.send(.GET, "/v1/explorer/transactions?limit=5").json["items"]
            let transaction = try #require(transactions?[0])
            #expect(transaction["hash"] == transaction["tx_id"] && transaction["block"] == 1 && transaction["status"] == "COMPLETED")
            #expect(transaction["from"] == .string(live.clientID) && transaction["to"] == "m1" && transaction["value"] == 0.5)

            let receipts = try await live.send(.GET, "/v1/explorer/receipts").json["items"]
            let receipt = try #require(receipts?[0])
            #expect(receipt["status"] == "COMPLETED" && receipt["payload"]?["unit_type"] == receipt["unit_type"])
            #expect(receipt["receipt_id"]?.stringValue != nil && receipt["signature"] != nil)
            // The seed's paths keep their plain arrays.
            #expect(try await live.send(.GET, "/explorer/blocks").json[0]?["height"] == 1)
        }
    }
}
