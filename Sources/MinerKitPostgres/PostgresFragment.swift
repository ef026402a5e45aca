import PostgresNIO

/// SQL text with its values, numbered only when it is placed in a statement.
///
/// A `PostgresQuery` numbers its parameters `$1`, `$2`, … as it is written, so two queries cannot be
/// joined into one statement. A fragment keeps its values aside and numbers them where it lands, which
/// lets a unit of work send several writes as one statement (``PostgresTransaction/write(_:)``). It also
/// knows the type of every parameter, `NULL`s included, which is what lets a connection prepare it once
/// and run it again with other values (``PostgresTransaction/rows(_:)``):
///
/// ```swift
/// let rename: PostgresFragment = "UPDATE client_keys SET name = \(name) WHERE id = \(id)"
/// ```
public struct PostgresFragment: Sendable, ExpressibleByStringInterpolation {
    fileprivate enum Piece: Sendable {
        case text(String)
        case value(any PostgresDynamicTypeEncodable & Sendable)
        case null(PostgresDataType)
    }

    fileprivate var pieces: [Piece]

    public init(stringLiteral value: String) {
        pieces = [.text(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
    }

    /// Adds `other` after this fragment's text.
    mutating func append(_ other: PostgresFragment) {
        pieces += other.pieces
    }

    /// The fragment as a statement of its own.
    public var query: PostgresQuery { statement.query }

    /// The fragment as a statement of its own, with the type of each parameter.
    var statement: PostgresStatement {
        var sql = ""
        var binds = PostgresBindings(capacity: pieces.count / 2)
        var types: [PostgresDataType] = []
        for piece in pieces {
            switch piece {
            case .text(let text):
                sql += text
                continue
            case .value(let value):
                binds.append(value)
                types.append(value.psqlType)
            case .null(let type):
                binds.appendNull()
                types.append(type)
            }
            sql += "$\(types.count)"
        }
        return PostgresStatement(query: PostgresQuery(unsafeSQL: sql, binds: binds), types: types)
    }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        fileprivate var pieces: [Piece] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            pieces.reserveCapacity(2 * interpolationCount + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            pieces.append(.text(literal))
        }

        /// A value, sent as a parameter.
        public mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable & Sendable>(_ value: Value) {
            pieces.append(.value(value))
        }

        /// A value or SQL `NULL` of the value's type, sent as a parameter.
        public mutating func appendInterpolation<Value: PostgresNonThrowingEncodable & Sendable>(_ value: Value?) {
            pieces.append(value.map { .value($0) } ?? .null(Value.psqlType))
        }

        /// SQL text written as is (never a value from outside).
        public mutating func appendInterpolation(unescaped text: String) {
            pieces.append(.text(text))
        }
    }
}

/// A statement ready to send: its text and values, and the type of each parameter, which a prepared
/// statement is declared with.
struct PostgresStatement: Sendable {
    var query: PostgresQuery
    var types: [PostgresDataType]
}
