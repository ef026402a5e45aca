import Foundation

/// A Swift value a ``SQLiteStatement`` binds as a parameter: text, integers, reals, flags (0 or 1),
/// dates (Unix seconds, as every date column holds them), and NULL for an optional that is `nil`.
///
/// What lets a statement take its parameters as one list, in placeholder order
/// (``SQLiteConnection/statement(_:_:)``), instead of one `bind` call per placeholder.
protocol SQLiteValue {
    /// Binds `self` to parameter `index` (1-based) of `statement`.
    func bind(to statement: SQLiteStatement, at index: Int32)
}

extension String: SQLiteValue {
    func bind(to statement: SQLiteStatement, at index: Int32) { statement.bind(index, self) }
}

extension Int: SQLiteValue {
    func bind(to statement: SQLiteStatement, at index: Int32) { statement.bind(index, self) }
}

extension Int64: SQLiteValue {
    func bind(to statement: SQLiteStatement, at index: Int32) { statement.bind(index, self) }
}

extension Double: SQLiteValue {
    func bind(to statement: SQLiteStatement, at index: Int32) { statement.bind(index, self) }
}

extension Date: SQLiteValue {
    func bind(to statement: SQLiteStatement, at index: Int32) { statement.bind(index, self) }
}

/// Flags are stored as the integers 1 and 0.
extension Bool: SQLiteValue {
    func bind(to statement: SQLiteStatement, at index: Int32) { statement.bind(index, self ? 1 : 0) }
}

extension Optional: SQLiteValue where Wrapped: SQLiteValue {
    func bind(to statement: SQLiteStatement, at index: Int32) {
        guard let self else { return statement.bindNull(index) }
        self.bind(to: statement, at: index)
    }
}
