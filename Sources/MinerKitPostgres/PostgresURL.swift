import Foundation
import MinerKit
import PostgresNIO

/// Where a PostgreSQL database is and how to reach it, read from a
/// `postgres://user[:password]@host[:port]/database[?sslmode=MODE[&sslrootcert=FILE][&statement_cache_size=N][&group_commit=on|off]]` URL.
///
/// `sslmode` is one of ``PostgresSSLMode``'s (default `prefer`); `sslrootcert` names a PEM file of
/// trusted roots for `verify-full`; `statement_cache_size` bounds the statements each connection
/// prepares (default 256; `0` prepares none, for a pooler in transaction mode that cannot keep
/// prepared statements, such as PgBouncer before 1.21); `group_commit` (default `on`) lets durable units
/// running at once share WAL flushes (``PostgresGroupCommit``). Any other parameter is refused rather than ignored, so a setting the
/// operator believes in is never silently dropped. The password is kept only to connect:
/// ``description`` and every error message leave it out.
public struct PostgresURL: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    var password: String?
    public var database: String
    /// How connections use TLS.
    public var sslMode: PostgresSSLMode
    /// A PEM file of roots trusted for `verify-full` (the system's roots when `nil`).
    public var rootCertificate: String?
    /// The most statements a connection prepares; `0` runs every statement unnamed.
    public var statementCacheSize: Int
    /// Whether durable units of work running at once share WAL flushes.
    public var groupCommit: Bool

    /// The query parameters a URL may carry.
    static let parameters: Set<String> = ["sslmode", "sslrootcert", "statement_cache_size", "group_commit"]

    /// Parses `text`; throws `invalidInput` (`bad_database_url`) when it is not a usable PostgreSQL URL.
    public init(_ text: String) throws {
        guard let parts = URLComponents(string: text), parts.scheme == "postgres" || parts.scheme == "postgresql",
              let host = parts.host, !host.isEmpty, let user = parts.user, !user.isEmpty else {
            throw MinerKitError(.invalidInput, code: "bad_database_url",
                                "expected postgres://user[:password]@host[:port]/database")
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw MinerKitError(.invalidInput, code: "bad_database_url", "the database URL names no database")
        }
        self.host = host
        self.port = parts.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = parts.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        let values = try Self.parameterValues(parts.queryItems ?? [])
        (sslMode, rootCertificate) = try Self.tls(values)
        statementCacheSize = try Self.statementCacheSize(values)
        switch values["group_commit"] {
        case nil, "on": groupCommit = true
        case "off": groupCommit = false
        case let other?:
            throw MinerKitError(.invalidInput, code: "bad_database_url",
                                "group_commit \"\(other.prefix(64))\" is not on or off")
        }
    }

    /// The parameters in `items` by name; an unknown one, one given twice or one without a value is refused.
    private static func parameterValues(_ items: [URLQueryItem]) throws -> [String: String] {
        var values: [String: String] = [:]
        for item in items.prefix(16) {
            guard parameters.contains(item.name) else {
                throw MinerKitError(.invalidInput, code: "bad_database_url",
                                    "unknown database URL parameter \"\(item.name.prefix(64))\" (known: \(parameters.sorted().joined(separator: ", ")))")
            }
            guard let value = item.value, !value.isEmpty, values[item.name] == nil else {
                throw MinerKitError(.invalidInput, code: "bad_database_url",
                                    "the database URL parameter \(item.name) needs exactly one value")
            }
            values[item.name] = value
        }
        guard items.count <= 16 else {
            throw MinerKitError(.invalidInput, code: "bad_database_url", "the database URL has too many parameters")
        }
        return values
    }

    /// `sslmode` and `sslrootcert` from `values`.
    private static func tls(_ values: [String: String]) throws -> (PostgresSSLMode, String?) {
        let modes = PostgresSSLMode.allCases.map(\.rawValue).joined(separator: ", ")
        guard let mode = PostgresSSLMode(rawValue: values["sslmode"] ?? PostgresSSLMode.prefer.rawValue) else {
            throw MinerKitError(.invalidInput, code: "bad_database_url",
                                "sslmode \"\(values["sslmode"]!.prefix(64))\" is not supported (use one of: \(modes))")
        }
        if values["sslrootcert"] != nil, mode != .verifyFull {
            throw MinerKitError(.invalidInput, code: "bad_database_url",
                                "sslrootcert is used only with sslmode=verify-full (the other modes check no certificate)")
        }
        return (mode, values["sslrootcert"])
    }

    /// `statement_cache_size` from `values`: a whole number from 0 to 10,000.
    private static func statementCacheSize(_ values: [String: String]) throws -> Int {
        guard let text = values["statement_cache_size"] else { return PostgresStatementCache.defaultCapacity }
        guard let size = Int(text), (0...10_000).contains(size) else {
            throw MinerKitError(.invalidInput, code: "bad_database_url",
                                "statement_cache_size \"\(text.prefix(64))\" is not a whole number from 0 to 10000")
        }
        return size
    }

    /// The URL without its password.
    public var description: String {
        var settings: [String] = []
        if sslMode != .prefer { settings.append("sslmode=\(sslMode.rawValue)") }
        if statementCacheSize != PostgresStatementCache.defaultCapacity {
            settings.append("statement_cache_size=\(statementCacheSize)")
        }
        if !groupCommit { settings.append("group_commit=off") }
        let base = "postgres://\(user)@\(host):\(port)/\(database)"
        return settings.isEmpty ? base : base + "?" + settings.joined(separator: "&")
    }

    /// PostgresNIO's pool configuration for this URL.
    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch (sslMode, sslMode.tlsConfiguration(rootCertificate: rootCertificate)) {
        case (.prefer, let settings?): tls = .prefer(settings)
        case (_, let settings?): tls = .require(settings)
        case (_, nil): tls = .disable
        }
        return PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                            database: database, tls: tls)
    }

    /// PostgresNIO's configuration for a connection of its own, outside the pool; throws when the TLS
    /// settings cannot be loaded (an unreadable `sslrootcert`).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch (sslMode, try sslMode.tlsConfiguration(rootCertificate: rootCertificate).map(NIOSSLContext.init)) {
            case (.prefer, let context?): tls = .prefer(context)
            case (_, let context?): tls = .require(context)
            case (_, nil): tls = .disable
            }
        } catch {
            throw MinerKitError(.invalidInput, code: "bad_database_tls",
                                "the TLS settings of \(self) cannot be loaded (is sslrootcert a readable PEM file?)")
        }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                database: database, tls: tls)
    }
}
