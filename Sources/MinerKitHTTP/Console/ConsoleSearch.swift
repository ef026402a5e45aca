import Foundation
import MinerKit

/// Where a console search for a job id, receipt id, miner id or block height leads.
enum ConsoleSearch {
    /// The page for `query`, or `nil` when nothing has that name. A job id leads to the job page,
    /// which then asks for the owner's key: whether a job exists is not told to anyone else.
    static func destination(for raw: String, in coordinator: Coordinator) async throws -> String? {
        let query = raw.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty, query.count <= 200, !query.contains("/") else { return nil }
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? query
        if let height = Int(query) {
            return try await coordinator.store.read { try await $0.block(height: height) } != nil ? "/ui/blocks/\(height)" : nil
        }
        if query.hasPrefix("job_") { return "/ui/jobs/\(encoded)" }
        return try await coordinator.store.read { db in
            if try await db.receipt(id: query) != nil { return "/ui/receipts/\(encoded)" }
            if try await db.miner(id: query) != nil { return "/ui/miners/\(encoded)" }
            return nil
        }
    }
}
