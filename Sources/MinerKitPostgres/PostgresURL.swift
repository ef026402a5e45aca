import Foundation
import MinerKit
import PostgresNIO

/// Where a PostgreSQL database is and how to reach it, read from a
/// `postgres://user[:password]@host[:port]/database[?sslmode=MODE[&sslrootcert=FILE]]` URL.
///
/// `sslmode` is one of ``PostgresSSLMode``'s (default `prefer`); `sslrootcert` names a PEM file of
/// trusted roots for `verify-full`. Any other parameter is refused rather than ignored, so a setting the
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

    /// The query parameters a URL may carry.
    static let parameters: Set<String> = ["sslmode", "sslrootcert"]

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
        (sslMode, rootCertificate) = try Self.tlsParameters(parts.queryItems ?? [])
    }

    /// `sslmode` and `sslrootcert` from `items`; anything else, twice, or without a value is refused.
    private static func tlsParameters(_ items: [URLQueryItem]) throws -> (PostgresSSLMode, String?) {
        var values: [String: String] = [:]
        for item in items.prefix(16) {
            guard parameters.contains(item.name) else {
                throw MinerKitError(.invalidInput, code: "bad_database_url",
                                    "unknown database URL parameter \"\(item.name.prefix(64))\" (known: sslmode, sslrootcert)")
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

    /// The URL without its password.
    public var description: String {
        let base = "postgres://\(user)@\(host):\(port)/\(database)"
        return sslMode == .prefer ? base : base + "?sslmode=\(sslMode.rawValue)"
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
