import Hummingbird
import MinerKit

/// The public explorer: blocks, transactions (receipts as ledger entries), receipts, network stats.
/// Lists are newest first; `before` (a block height or transaction sequence) pages stably.
struct ExplorerRoutes: RouteGroup {
    let coordinator: Coordinator

    func register(on router: APIRouter) {
        router.get("/explorer/blocks") { request, _ in
            let blocks = try await coordinator.blocks(below: try before(request),
                                                      limit: try request.queryInt("limit", default: 10, in: 1...100))
            return APIJSON.response(blocks)
        }
        router.get("/explorer/blocks/{height}") { _, context in
            guard let height = Int(try context.parameters.path("height")) else {
                throw MinerKitError(.validation, code: "validation_error", "path parameter 'height' must be an integer")
            }
            let (block, records) = try await coordinator.block(height: height)
            return APIJSON.response(BlockDetailBody(block: block, transactionIDs: records.map(\.txID),
                                                    receiptIDs: records.map(\.receipt.receiptID)))
        }
        router.get("/explorer/transactions") { request, _ in
            let records = try await coordinator.receipts(try page(request))
            return APIJSON.response(records.map(TransactionBody.init))
        }
        router.get("/explorer/receipts") { request, _ in
            APIJSON.response(try await coordinator.receipts(try page(request)).map(\.receipt))
        }
        router.get("/explorer/stats") { _, _ in
            APIJSON.response(NetworkStatsBody(try await coordinator.networkStats()))
        }
    }

    private func before(_ request: Request) throws -> Int? {
        request.uri.queryParameters["before"] == nil ? nil : try request.queryInt("before", default: 0, in: 1...Int(Int32.max))
    }

    private func page(_ request: Request) throws -> ReceiptQuery {
        ReceiptQuery(beforeSequence: try before(request).map(Int64.init),
                     limit: try request.queryInt("limit", default: 20, in: 1...100))
    }
}
