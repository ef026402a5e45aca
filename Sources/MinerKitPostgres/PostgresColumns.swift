import Foundation
import PostgresNIO

/// Reads a row's columns left to right, so a decoder lists them in the order its `SELECT` names them.
struct PostgresColumns {
    private let row: PostgresRandomAccessRow
    private var index = 0

    /// The columns of `row`, from the `index`th on.
    init(_ row: PostgresRow, from index: Int = 0) {
        self.row = row.makeRandomAccess()
        self.index = index
    }

    /// The next column as `T` (an optional `T` reads SQL NULL as `nil`).
    mutating func next<T: PostgresDecodable>(_: T.Type = T.self) throws -> T {
        defer { index += 1 }
        return try row[index].decode(T.self)
    }

    /// The next column, `double precision` Unix seconds, as a date.
    mutating func date() throws -> Date { Date(timeIntervalSince1970: try next(Double.self)) }

    /// The next column, nullable `double precision` Unix seconds, as a date.
    mutating func optionalDate() throws -> Date? { try next(Double?.self).map(Date.init(timeIntervalSince1970:)) }
}
