import Foundation

/// A pool transaction on one connection. Each record type maps to the typed columns of its table in its
/// own extension (`SQLitePoolTransaction+Miners.swift` and so on).
struct SQLitePoolTransaction: PoolStoreWriter {
    let connection: SQLiteConnection

    init(_ connection: SQLiteConnection) { self.connection = connection }

    /// Runs a `SELECT count(*)`-style query with `values` bound to its placeholders.
    func count(_ sql: String, _ values: any SQLiteValue...) throws -> Int {
        try connection.statement(sql, binding: values).firstRow { $0.int(0) } ?? 0
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
