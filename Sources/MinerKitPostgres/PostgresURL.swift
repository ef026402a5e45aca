import Foundation
import MinerKit
import PostgresNIO

/// Where a PostgreSQL database is, read from a `postgres://user[:password]@host[:port]/database` URL.
///
/// The password is kept only to connect: ``description`` and every error message leave it out.
public struct PostgresURL: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    var password: String?
    public var database: String

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
    }

    /// The URL without its password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// PostgresNIO's client configuration for this URL (plain TCP: run TLS-less only on a trusted network).
    var clientConfiguration: PostgresClient.Configuration {
        PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                     database: database, tls: .disable)
    }
}
