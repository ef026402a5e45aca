import PostgresNIO

/// SQL text with its values, numbered only when it is placed in a statement.
///
/// A `PostgresQuery` numbers its parameters `$1`, `$2`, … as it is written, so two queries cannot be
/// joined into one statement. A fragment keeps its values aside and numbers them where it lands, which
/// lets a unit of work send several writes as one statement (``PostgresTransaction/write(_:)``):
///
/// ```swift
/// let rename: PostgresFragment = "UPDATE client_keys SET name = \(name) WHERE id = \(id)"
/// ```
public struct PostgresFragment: Sendable, ExpressibleByStringInterpolation {
    fileprivate enum Piece: Sendable {
        case text(String)
        case value(any PostgresDynamicTypeEncodable & Sendable)
        case null
    }

    fileprivate var pieces: [Piece]

    public init(stringLiteral value: String) {
        pieces = [.text(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
    }

    /// The fragment as a statement of its own.
    public var query: PostgresQuery {
        var statement = PostgresQuery.StringInterpolation(literalCapacity: 0, interpolationCount: pieces.count)
        append(to: &statement)
        return PostgresQuery(stringInterpolation: statement)
    }

    /// Writes the fragment into `statement`, its values numbered after those already there.
    func append(to statement: inout PostgresQuery.StringInterpolation) {
        for piece in pieces {
            switch piece {
            case .text(let text): statement.appendLiteral(text)
            case .value(let value): statement.appendInterpolation(value)
            case .null: statement.appendInterpolation(String?.none)
            }
        }
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

        /// A value or SQL `NULL`, sent as a parameter.
        public mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable & Sendable>(_ value: Value?) {
            pieces.append(value.map { .value($0) } ?? .null)
        }

        /// SQL text written as is (never a value from outside).
        public mutating func appendInterpolation(unescaped text: String) {
            pieces.append(.text(text))
        }
    }
}
