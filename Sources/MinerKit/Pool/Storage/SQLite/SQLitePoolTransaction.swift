import Foundation

/// A pool transaction on one connection. Each record type maps to the typed columns of its table in its
/// own extension (`SQLitePoolTransaction+Miners.swift` and so on).
struct SQLitePoolTransaction: PoolStoreWriter {
    let connection: SQLiteConnection

    init(_ connection: SQLiteConnection) { self.connection = connection }

    /// Runs `sql` with `bind` and maps every row with `decode`.
    func rows<T>(_ sql: String, _ decode: (SQLiteStatement) throws -> T,
                 bind: (SQLiteStatement) -> Void = { _ in }) throws -> [T] {
        let statement = try connection.statement(sql)
        bind(statement)
        var result: [T] = []
        while try statement.step() { result.append(try decode(statement)) }
        return result
    }

    /// Runs a `SELECT count(*)`-style query.
    func count(_ sql: String, bind: (SQLiteStatement) -> Void = { _ in }) throws -> Int {
        let statement = try connection.statement(sql)
        bind(statement)
        return try statement.step() ? statement.int(0) : 0
    }

    /// Runs a statement that returns no rows.
    func run(_ sql: String, bind: (SQLiteStatement) -> Void) throws {
        let statement = try connection.statement(sql)
        bind(statement)
        try statement.run()
    }

    // MARK: Column values

    /// A list of ids as the JSON array of strings its column holds.
    static func idList(_ ids: [String]) -> String {
        JSONValue.array(ids.map(JSONValue.string)).jsonString()
    }

    /// The JSON array of strings in `column`, as a list of ids.
    static func ids(_ s: SQLiteStatement, _ column: Int32, of record: String) throws -> [String] {
        guard case .array(let items) = JSONValue(jsonString: s.string(column)) else {
            throw corrupt("\(record) has an unreadable id list '\(s.string(column))'")
        }
        return try items.map { item in
            guard let id = item.stringValue else { throw corrupt("\(record) has a non-string id \(item)") }
            return id
        }
    }

    /// The enumeration case named in `column`.
    static func value<Value: RawRepresentable<String>>(_ s: SQLiteStatement, _ column: Int32,
                                                       of record: String) throws -> Value {
        guard let value = Value(rawValue: s.string(column)) else {
            throw corrupt("\(record) has an unknown \(Value.self) '\(s.string(column))'")
        }
        return value
    }

    static func corrupt(_ message: String) -> MinerKitError {
        MinerKitError(.storage, code: "database_corrupt", message)
    }
}
