import CSQLite
import Foundation

/// A prepared statement: bind parameters by position (1-based), step, read columns (0-based).
final class SQLiteStatement {
    private let raw: OpaquePointer
    private unowned let connection: SQLiteConnection

    /// Tells SQLite to copy bound text (the C macro is not imported into Swift).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ raw: OpaquePointer, connection: SQLiteConnection) {
        self.raw = raw
        self.connection = connection
    }

    deinit { sqlite3_finalize(raw) }

    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    // MARK: Binding

    func bindNull(_ index: Int32) { sqlite3_bind_null(raw, index) }

    func bind(_ index: Int32, _ value: String?) {
        guard let value else { return bindNull(index) }
        sqlite3_bind_text(raw, index, value, -1, Self.transient)
    }

    func bind(_ index: Int32, _ value: Int64?) {
        guard let value else { return bindNull(index) }
        sqlite3_bind_int64(raw, index, value)
    }

    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(raw, index, Int64(value)) }

    func bind(_ index: Int32, _ value: Double?) {
        guard let value else { return bindNull(index) }
        sqlite3_bind_double(raw, index, value)
    }

    func bind(_ index: Int32, _ value: Date?) { bind(index, value?.timeIntervalSince1970) }

    // MARK: Stepping

    /// Advances to the next row; `false` when there are no more rows.
    @discardableResult
    func step() throws -> Bool {
        let rc = sqlite3_step(raw)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError.make(rc, connection.lastMessage, path: connection.path)
        }
    }

    /// Steps to completion, for statements that return no rows; returns how many rows they changed.
    @discardableResult
    func run() throws -> Int {
        while try step() {}
        return changes
    }

    /// Every row, each read with `decode` while the statement stands on it.
    func rows<Row>(_ decode: (SQLiteStatement) throws -> Row) throws -> [Row] {
        var rows: [Row] = []
        while try step() { rows.append(try decode(self)) }
        return rows
    }

    /// The first row read with `decode`, or `nil` when there is none.
    func firstRow<Row>(_ decode: (SQLiteStatement) throws -> Row) throws -> Row? {
        try step() ? decode(self) : nil
    }

    /// Number of rows the last INSERT/UPDATE/DELETE changed.
    var changes: Int { Int(sqlite3_changes(sqlite3_db_handle(raw))) }

    // MARK: Columns

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(raw, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(raw, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(raw, column)) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(raw, column) }

    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(raw, column) else { return "" }
        return String(cString: text)
    }

    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }

    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    func date(_ column: Int32) -> Date { Date(timeIntervalSince1970: double(column)) }

    func optionalDate(_ column: Int32) -> Date? { isNull(column) ? nil : date(column) }
}
