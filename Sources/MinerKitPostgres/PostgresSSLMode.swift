import MinerKit
import PostgresNIO

/// How connections to the database use TLS: the URL's `sslmode`, with libpq's names and meanings.
///
/// `prefer` is the default, as in libpq: TLS when the server offers it. Only `verify-full` checks who
/// the server is; `prefer` and `require` encrypt against a passive listener but accept any certificate.
public enum PostgresSSLMode: String, Sendable, CaseIterable {
    /// Plain TCP only: for a database on a trusted network.
    case disable
    /// TLS when the server offers it, else plain TCP; the certificate is not checked.
    case prefer
    /// TLS or no connection; the certificate is not checked.
    case require
    /// TLS or no connection, with the server's certificate checked against trusted roots (the system's,
    /// or the file named by `sslrootcert`) and its name or address against the URL's host.
    case verifyFull = "verify-full"

    /// The TLS settings for this mode (`nil` for `disable`).
    func tlsConfiguration(rootCertificate: String?) -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch self {
        case .disable: return nil
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            if let rootCertificate { tls.trustRoots = .file(rootCertificate) }
        }
        return tls
    }
}
