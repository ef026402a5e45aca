import Foundation
import Hummingbird
import MinerKit

/// The explorer at AITBC's paths, as AITBC's client CLI reads it (`cli/client.py blocks`, `browser`):
/// `/v1/explorer/blocks|transactions|receipts`, each `{"items": [...]}`, newest first, with the same
/// `limit` and `before` as `/explorer/*`. Each item is the seed's document with AITBC's names added:
/// - a block: `proposer` (the key id of the coordinator that sealed it) and `tx_count`;
/// - a transaction: `hash` (= `tx_id`), `block` (= `block_height`), `from` (the client), `to` (the provider),
///   `value` (the price) and `status` (`COMPLETED`: a transaction is a completed job's receipt);
/// - a receipt: `status` (`COMPLETED`) and `payload` (`{units, unit_type}`, where AITBC keeps them).
struct AITBCExplorerRoutes: RouteGroup {
    let coordinator: Coordinator

    func register(on router: APIRouter) {
        router.get("/v1/explorer/blocks") { request, _ in
            let blocks = try await coordinator.blocks(below: try CoordinatorQuery.before.readIfPresent(request),
                                                      limit: try CoordinatorQuery.blockLimit.read(request))
            let proposer = JSONValue.string(coordinator.publicKey.keyID)
            return Self.items(try blocks.map { block in
                try Self.adding(["proposer": proposer, "tx_count": .number(Double(block.transactions))], to: block)
            })
        }
        router.get("/v1/explorer/transactions") { request, _ in
            let records = try await coordinator.receipts(try page(request))
            return Self.items(try records.map { record in
                let r = record.receipt
                return try Self.adding(["hash": .string(record.txID), "block": record.blockHeight.map { .number(Double($0)) } ?? .null,
                                        "from": .string(r.client), "to": .string(r.provider), "value": .number(r.price),
                                        "status": "COMPLETED"], to: TransactionBody(record))
            })
        }
        router.get("/v1/explorer/receipts") { request, _ in
            let records = try await coordinator.receipts(try page(request))
            return Self.items(records.map { record in
                guard case .object(var members) = record.receipt.document else { return record.receipt.document }
                members["status"] = "COMPLETED"
                members["payload"] = ["units": .number(record.receipt.units), "unit_type": .string(record.receipt.unitType)]
                return .object(members)
            })
        }
    }

    private func page(_ request: Request) throws -> ReceiptQuery {
        ReceiptQuery(beforeSequence: try CoordinatorQuery.before.readIfPresent(request).map(Int64.init),
                     limit: try CoordinatorQuery.limit.read(request))
    }

    /// `value`'s document with `extra` members added (the seed's members win).
    private static func adding(_ extra: [String: JSONValue], to value: some Encodable) throws -> JSONValue {
        let document = try JSONValue(parsing: String(decoding: try APIJSON.encoder().encode(value), as: UTF8.self))
        guard case .object(let members) = document else { return document }
        return .object(members.merging(extra) { seed, _ in seed })
    }

    private static func items(_ items: [JSONValue]) -> Response {
        APIJSON.response(document: ["items": .array(items)])
    }

    enum ItemsKey: String, CodingKey, CaseIterable { case items }

    /// `{"items": [item]}`.
    static func itemsSchema(_ item: WireSchema) -> WireSchema {
        .object(ItemsKey.self) { key in
            switch key {
            case .items: .array(of: item).required
            }
        }
    }
}
