import Logging
import PostgresNIO
import Synchronization

/// The names under which a pool's connections prepare statements, so PostgreSQL parses and plans a
/// statement once per connection instead of at every run (a third of its CPU in a job's cycle).
///
/// A name stands for one SQL text with its parameter types; PostgresNIO remembers per connection which
/// names it has prepared, and prepares a name the first time a connection runs it. The number of names
/// is bounded (`statement_cache_size` in the database URL, default 256): past it, a new text runs as
/// an unnamed statement, parsed at every run, as it would with the cache off (`statement_cache_size=0`,
/// which a connection pooler in transaction mode without prepared-statement support needs).
final class PostgresStatementCache: Sendable {
    /// The most names when the URL does not say.
    static let defaultCapacity = 256

    private struct Key: Hashable {
        var sql: String
        var types: [UInt32]
    }

    /// The most statements a connection prepares.
    let capacity: Int
    private let names = Mutex<[Key: String]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The name `statement` is prepared under, or `nil` when it runs unnamed (the cache is off or full).
    func name(for statement: PostgresStatement) -> String? {
        guard capacity > 0 else { return nil }
        let key = Key(sql: statement.query.sql, types: statement.types.map(\.rawValue))
        return names.withLock { names in
            if let name = names[key] { return name }
            guard names.count < capacity else { return nil }
            let name = "minerkit_\(names.count + 1)"
            names[key] = name
            return name
        }
    }

    /// Runs `statement` on `connection` under `name`, preparing it there first if it is new to that
    /// connection; its rows.
    static func run(_ statement: PostgresStatement, named name: String, on connection: PostgresConnection,
                    logger: Logger) async throws -> [PostgresRow] {
        try await NamedStatement.$text.withValue(.init(name: name, sql: statement.query.sql, types: statement.types)) {
            var rows: [PostgresRow] = []
            for try await row in try await connection.execute(NamedStatement(bindings: statement.query.binds), logger: logger) {
                rows.append(row)
            }
            return rows
        }
    }
}

/// A statement whose text is chosen at run time, for PostgresNIO's prepared-statement API.
///
/// PostgresNIO takes a prepared statement's name, text and parameter types from static members of its
/// type, meant to be one type per text. `execute` reads them in the calling task, before it hands the
/// statement to the connection and again if it fails, so a task-local value set around the call gives
/// each call its own text.
private struct NamedStatement: PostgresPreparedStatement {
    struct Text: Sendable {
        var name: String
        var sql: String
        var types: [PostgresDataType]
    }

    @TaskLocal static var text = Text(name: "", sql: "", types: [])

    static var name: String { text.name }
    static var sql: String { text.sql }
    static var bindingDataTypes: [PostgresDataType] { text.types }

    typealias Row = PostgresRow

    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}
