import Hummingbird
import MinerKit

/// Receipts, the coordinator's public key, and inclusion proofs. Public: receipts are signed
/// statements meant to be checked by anyone.
struct LedgerRoutes: RouteGroup {
    let coordinator: Coordinator

    func register(on router: APIRouter) {
        router.get("/v1/keys") { _, _ in APIJSON.response(KeysBody(coordinator.publicKey)) }
        router.get("/v1/receipts") { request, _ in
            let query = ReceiptQuery(client: request.query("client"), provider: request.query("provider"),
                                     limit: try CoordinatorQuery.limit.read(request),
                                     offset: try CoordinatorQuery.offset.read(request))
            return APIJSON.response(try await coordinator.receipts(query).map(\.receipt))
        }
        router.get("/v1/receipts/{receipt_id}") { _, context in
            APIJSON.response(document: try await coordinator.signedReceipt(id: try context.parameters.path("receipt_id")).document)
        }
        router.get("/v1/receipts/{receipt_id}/proof") { _, context in
            let (proof, _) = try await coordinator.inclusionProof(receiptID: try context.parameters.path("receipt_id"))
            return APIJSON.response(proof)
        }
    }
}
