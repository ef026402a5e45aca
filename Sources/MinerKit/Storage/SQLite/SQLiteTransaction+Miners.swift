import Foundation

extension SQLiteTransaction: MinerWriting {
    private static let columns = """
        id, name, capabilities, status, max_concurrent, region, attributes, api_key_hash, registered_at, last_heartbeat
        """

    func miner(id: String) throws -> Miner? {
        let statement = try connection.statement("SELECT \(Self.columns) FROM miners WHERE id = ?")
        statement.bind(1, id)
        return try statement.step() ? Self.decode(statement) : nil
    }

    func miners(limit: Int, offset: Int) throws -> [Miner] {
        let statement = try connection.statement(
            "SELECT \(Self.columns) FROM miners ORDER BY registered_at, rowid LIMIT ? OFFSET ?")
        statement.bind(1, limit)
        statement.bind(2, offset)
        var out: [Miner] = []
        while try statement.step() { out.append(try Self.decode(statement)) }
        return out
    }

    func minerCount(status: Miner.Status?) throws -> Int {
        guard let status else { return Int(try connection.scalarInt("SELECT count(*) FROM miners")) }
        let statement = try connection.statement("SELECT count(*) FROM miners WHERE status = ?")
        statement.bind(1, status.rawValue)
        try statement.step()
        return statement.int(0)
    }

    func miners(apiKeyHash: String, limit: Int) throws -> [Miner] {
        let statement = try connection.statement(
            "SELECT \(Self.columns) FROM miners WHERE api_key_hash = ? ORDER BY id LIMIT ?")
        statement.bind(1, apiKeyHash)
        statement.bind(2, limit)
        var out: [Miner] = []
        while try statement.step() { out.append(try Self.decode(statement)) }
        return out
    }

    func save(_ miner: Miner) throws {
        let statement = try connection.statement("""
            INSERT INTO miners (\(Self.columns)) VALUES (?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, capabilities = excluded.capabilities,
            status = excluded.status, max_concurrent = excluded.max_concurrent, region = excluded.region,
            attributes = excluded.attributes, api_key_hash = excluded.api_key_hash,
            registered_at = excluded.registered_at, last_heartbeat = excluded.last_heartbeat
            """)
        statement.bind(1, miner.id)
        statement.bind(2, miner.name)
        statement.bind(3, JSONValue.array(miner.capabilities.map(JSONValue.string)).jsonString())
        statement.bind(4, miner.status.rawValue)
        statement.bind(5, miner.maxConcurrent)
        statement.bind(6, miner.region)
        statement.bind(7, miner.attributes.jsonString())
        statement.bind(8, miner.apiKeyHash)
        statement.bind(9, miner.registeredAt)
        statement.bind(10, miner.lastHeartbeat)
        try statement.run()
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
