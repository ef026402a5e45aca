import Foundation
import MinerKit

/// One miner as the console lists it: registration, presence, leases held and outcome counters.
public struct ConsoleMinerRow: Sendable {
    public var miner: Miner
    public var stats: MinerStats
    public var leasesHeld: Int
}

extension CoordinatorConsole {
    /// Up to `limit` miners (by registration time) with their counters, in one snapshot of three reads
    /// (the page of miners, their counters, their leases counted), however many miners it lists.
    public func minerRows(limit: Int = CoordinatorConsole.maxRows) async throws -> [ConsoleMinerRow] {
        try await coordinator.store.read { db in
            let miners = try await db.miners(limit: min(max(limit, 1), Self.maxRows), offset: 0)
            let ids = miners.map(\.id)
            let stats = try await db.minerStats(ids: ids), leases = try await db.leaseCounts(minerIDs: ids)
            return miners.map {
                ConsoleMinerRow(miner: $0, stats: stats[$0.id] ?? MinerStats(minerID: $0.id), leasesHeld: leases[$0.id] ?? 0)
            }
        }
    }

    static func row(_ miner: Miner, in db: any StoreReader) async throws -> ConsoleMinerRow {
        ConsoleMinerRow(miner: miner, stats: try await db.minerStats(id: miner.id) ?? MinerStats(minerID: miner.id),
                        leasesHeld: try await db.leaseCounts(minerIDs: [miner.id])[miner.id] ?? 0)
    }

    /// The miners page: each miner's free-text name with its id beside it (two miners may share a name).
    public func minersPage() async throws -> HTML {
        let rows = try await minerRows()
        let now = coordinator.clock.now()
        let body: HTML = """
            <p class="note">\(rows.count) miner\(rows.count == 1 ? "" : "s") shown (first \(Self.maxRows) by registration).</p>
            <div class="scroll"><table id="miners"><thead><tr><th>Miner</th><th>Status</th><th>Last heartbeat</th>\
            <th>Leases held</th><th>Completed</th><th>Failed</th><th>Lapsed</th><th>Units (GPU s)</th></tr></thead>
            <tbody>\(rows.map { minerRow($0, now: now) })</tbody></table></div>
            """
        return page.document(title: "Miners", body: body)
    }

    private func minerRow(_ row: ConsoleMinerRow, now: Date) -> HTML {
        """
        <tr data-miner="\(row.miner.id)"><td><a href="/ui/miners/\(row.miner.id)">\(row.miner.name)</a> \
        <code class="miner-id">\(row.miner.id)</code></td>\
        <td class="status status-\(row.miner.status.rawValue)">\(row.miner.status.rawValue)</td>\
        <td title="\(ConsoleFormat.time(row.miner.lastHeartbeat))">\(ConsoleFormat.age(row.miner.lastHeartbeat, now: now)) ago</td>\
        <td>\(row.leasesHeld)</td><td>\(row.stats.completed)</td><td>\(row.stats.failed)</td><td>\(row.stats.expired)</td>\
        <td>\(row.stats.gpuSeconds, digits: 2)</td></tr>
        """
    }

    /// One miner: its registration, counters and latest receipts (404 when unknown).
    public func minerPage(id: String) async throws -> HTML {
        let (row, receipts) = try await coordinator.store.read { db -> (ConsoleMinerRow, [ReceiptRecord]) in
            guard let miner = try await db.miner(id: id) else {
                throw MinerKitError(.notFound, code: "miner_not_found", "no miner with id \(id)")
            }
            return (try await Self.row(miner, in: db), try await db.receipts(ReceiptQuery(provider: id, limit: 20)))
        }
        let now = coordinator.clock.now()
        let miner = row.miner
        let body: HTML = """
            <dl class="fields" id="miner">
            <dt>Miner</dt><dd data-field="miner_id">\(miner.id)</dd>
            <dt>Name</dt><dd>\(miner.name)</dd>
            <dt>Status</dt><dd data-field="status">\(miner.status.rawValue)</dd>
            <dt>Last heartbeat</dt><dd>\(ConsoleFormat.time(miner.lastHeartbeat)) (\(ConsoleFormat.age(miner.lastHeartbeat, now: now)) ago)</dd>
            <dt>Registered</dt><dd>\(ConsoleFormat.time(miner.registeredAt))</dd>
            <dt>Serves</dt><dd>\(miner.capabilities.isEmpty ? "any model" : miner.capabilities.joined(separator: ", "))</dd>
            <dt>Concurrency</dt><dd>\(miner.maxConcurrent)</dd>
            <dt>Leases held</dt><dd data-field="leases_held">\(row.leasesHeld)</dd>
            <dt>Completed</dt><dd data-field="completed">\(row.stats.completed)</dd>
            <dt>Failed</dt><dd data-field="failed">\(row.stats.failed)</dd>
            <dt>Lapsed leases</dt><dd data-field="expired">\(row.stats.expired)</dd>
            <dt>Units (GPU s)</dt><dd>\(row.stats.gpuSeconds, digits: 2)</dd>
            <dt>Reputation</dt><dd>\(row.stats.reputation, digits: 3)</dd>
            </dl>
            <h2>Latest receipts</h2>
            <div class="scroll"><table id="receipts"><thead><tr><th>Receipt</th><th>Job</th><th>Units</th><th>Completed</th><th>Block</th></tr></thead>
            <tbody>\(receipts.map(receiptRow))</tbody></table></div>
            """
        return page.document(title: "Miner \(miner.name) (\(miner.id))", body: body)
    }

    /// A receipt in a table: public fields only (a job id is not a job's content).
    func receiptRow(_ record: ReceiptRecord) -> HTML {
        let receipt = record.receipt
        let block: HTML = record.blockHeight.map { "<a href=\"/ui/blocks/\($0)\">\($0)</a>" } ?? "waiting"
        return """
            <tr><td><a href="/ui/receipts/\(receipt.receiptID)">\(receipt.receiptID)</a></td><td>\(receipt.jobID)</td>\
            <td>\(receipt.units, digits: 2)</td><td>\(ConsoleFormat.time(Date(timeIntervalSince1970: Double(receipt.completedAt))))</td>\
            <td>\(block)</td></tr>
            """
    }
}
