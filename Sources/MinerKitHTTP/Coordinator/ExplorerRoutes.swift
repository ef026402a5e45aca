import Hummingbird
import MinerKit

/// The public explorer: blocks, transactions (receipts as ledger entries), receipts, network stats.
/// Lists are newest first; `before` (a block height or transaction sequence) pages stably.
struct ExplorerRoutes: RouteGroup {
    let coordinator: Coordinator

    func register(on router: APIRouter) {
        router.get("/explorer/blocks") { request, _ in
            let blocks = try await coordinator.blocks(below: try CoordinatorQuery.before.readIfPresent(request),
                                                      limit: try CoordinatorQuery.blockLimit.read(request))
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

    private func page(_ request: Request) throws -> ReceiptQuery {
        ReceiptQuery(beforeSequence: try CoordinatorQuery.before.readIfPresent(request).map(Int64.init),
                     limit: try CoordinatorQuery.limit.read(request))
    }
}
