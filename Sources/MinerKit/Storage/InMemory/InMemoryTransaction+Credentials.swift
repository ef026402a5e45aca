import Foundation

extension InMemoryTransaction: ClientKeyWriting {
    func clientKey(hash keyHash: String) throws -> ClientKeyRecord? { db.clientKeys[keyHash] }

    func clientKeyCount() throws -> Int { db.clientKeys.count }

    func lockKeys() {}

    func insert(_ key: ClientKeyRecord) throws {
        guard db.clientKeys[key.keyHash] == nil, !db.clientKeys.values.contains(where: { $0.id == key.id }) else {
            throw MinerKitError(.conflict, code: "client_key_exists", "client key \(key.id) already exists")
        }
        db.clientKeys[key.keyHash] = key
        onRollback { db in db.clientKeys[key.keyHash] = nil }
    }
}

extension InMemoryTransaction: MinerStatsWriting {
    func minerStats(id minerID: String) throws -> MinerStats? { db.minerStats[minerID] }

    func silentMiners(before cutoff: Date, limit: Int) throws -> [Miner] {
        Array(db.minerOrder.lazy.compactMap { self.db.miners[$0] }
            .filter { $0.status == .active && $0.lastHeartbeat < cutoff }.prefix(limit))
    }

    func save(_ stats: MinerStats) throws {
        let old = db.minerStats[stats.minerID]
        db.minerStats[stats.minerID] = stats
        onRollback { db in db.minerStats[stats.minerID] = old }
    }
}
