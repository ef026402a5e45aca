extension InMemoryTransaction: MinerWriting {
    func miner(id: String) throws -> Miner? { db.miners[id] }

    func miners(limit: Int, offset: Int) throws -> [Miner] {
        db.minerOrder.dropFirst(offset).prefix(limit).compactMap { db.miners[$0] }
    }

    func minerCount(status: Miner.Status?) throws -> Int {
        guard let status else { return db.miners.count }
        return db.miners.values.reduce(0) { $0 + ($1.status == status ? 1 : 0) }
    }

    func miners(apiKeyHash: String, limit: Int) throws -> [Miner] {
        Array(db.miners.values.filter { $0.apiKeyHash == apiKeyHash }.sorted { $0.id < $1.id }.prefix(limit))
    }

    func save(_ miner: Miner) throws {
        let old = db.miners[miner.id]
        db.miners[miner.id] = miner
        if old == nil { db.minerOrder.append(miner.id) }
        onRollback { db in
            db.miners[miner.id] = old
            if old == nil { db.minerOrder.removeLast() }
        }
    }
}
