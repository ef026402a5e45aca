import Foundation

extension SQLiteTransaction: MinerWriting {
    private static let columns = """
        id, name, capabilities, status, max_concurrent, region, attributes, api_key_hash, registered_at, last_heartbeat
        """

    func miner(id: String) throws -> Miner? {
        try connection.statement("SELECT \(Self.columns) FROM miners WHERE id = ?", id).firstRow(Self.decode)
    }

    func miners(limit: Int, offset: Int) throws -> [Miner] {
        try connection.statement("SELECT \(Self.columns) FROM miners ORDER BY registered_at, rowid LIMIT ? OFFSET ?",
                                 limit, offset).rows(Self.decode)
    }

    func minerCount(status: Miner.Status?) throws -> Int {
        guard let status else { return Int(try connection.scalarInt("SELECT count(*) FROM miners")) }
        return try connection.statement("SELECT count(*) FROM miners WHERE status = ?", status.rawValue)
            .firstRow { $0.int(0) } ?? 0
    }

    func miners(apiKeyHash: String, limit: Int) throws -> [Miner] {
        try connection.statement("SELECT \(Self.columns) FROM miners WHERE api_key_hash = ? ORDER BY id LIMIT ?",
                                 apiKeyHash, limit).rows(Self.decode)
    }

    func save(_ miner: Miner) throws {
        try connection.statement("""
            INSERT INTO miners (\(Self.columns)) VALUES (?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, capabilities = excluded.capabilities,
            status = excluded.status, max_concurrent = excluded.max_concurrent, region = excluded.region,
            attributes = excluded.attributes, api_key_hash = excluded.api_key_hash,
            registered_at = excluded.registered_at, last_heartbeat = excluded.last_heartbeat
            """, miner.id, miner.name, JSONValue.array(miner.capabilities.map(JSONValue.string)).jsonString(),
            miner.status.rawValue, miner.maxConcurrent, miner.region, miner.attributes.jsonString(), miner.apiKeyHash,
            miner.registeredAt, miner.lastHeartbeat).run()
    }

    private static func decode(_ s: SQLiteStatement) throws -> Miner {
        guard let status = Miner.Status(rawValue: s.string(3)) else {
            throw MinerKitError(.storage, code: "database_corrupt", "miner \(s.string(0)) has unknown status '\(s.string(3))'")
        }
        let capabilities: [String]
        if case .array(let items) = JSONValue(jsonString: s.string(2)) ?? .null {
            capabilities = items.compactMap(\.stringValue)
        } else {
            capabilities = []
        }
        var miner = Miner(id: s.string(0), name: s.string(1), capabilities: capabilities, status: status,
                          maxConcurrent: s.int(4), region: s.optionalString(5),
                          attributes: JSONValue(jsonString: s.string(6)) ?? .object([:]),
                          apiKeyHash: s.optionalString(7), registeredAt: s.date(8))
        miner.lastHeartbeat = s.date(9)
        return miner
    }
}
