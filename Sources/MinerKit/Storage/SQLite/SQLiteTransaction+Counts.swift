import Foundation

/// Counts read from `store_counts`, which triggers keep in step with every insert, state change and
/// delete (migration `store-counts-v1`): six rows, whatever the size of the tables. The store has one
/// writer, so one row per count is contended by nothing.
extension SQLiteTransaction {
    func jobCount(state: JobState?) throws -> Int {
        guard let state else { return try jobCounts().values.reduce(0, +) }
        return try connection.statement("SELECT n FROM store_counts WHERE name = ?", "jobs." + state.rawValue)
            .firstRow { $0.int(0) } ?? 0
    }

    func jobCounts() throws -> [JobState: Int] {
        var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
        let statement = try connection.statement("SELECT name, n FROM store_counts WHERE name LIKE 'jobs.%'")
        while try statement.step() {
            guard let state = JobState(rawValue: String(statement.string(0).dropFirst(5))) else { continue }
            counts[state] = statement.int(1)
        }
        return counts
    }

    func receiptCount() throws -> Int {
        Int(try connection.scalarInt("SELECT n FROM store_counts WHERE name = 'receipts'"))
    }

    func leaseCounts(minerIDs: [String]) throws -> [String: Int] {
        guard !minerIDs.isEmpty else { return [:] }
        // One statement text for any number of miners (the ids travel as a JSON array); each miner is
        // one probe of the partial index of leased jobs.
        let rows = try connection.statement("""
            SELECT lease_miner, count(*) FROM jobs INDEXED BY jobs_lease_miner
            WHERE state = 'leased' AND lease_miner IN (SELECT value FROM json_each(?)) GROUP BY lease_miner
            """, JSONValue.array(minerIDs.map(JSONValue.string)).jsonString()).rows { ($0.string(0), $0.int(1)) }
        return Dictionary(rows, uniquingKeysWith: { _, last in last })
    }
}
