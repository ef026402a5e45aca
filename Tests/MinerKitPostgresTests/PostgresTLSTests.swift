import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Testing

/// `sslmode` as the database URL gives it, against real servers with and without TLS.
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .serialized, .timeLimit(.minutes(5)))
struct PostgresTLSTests {
    @Test func everyModeConnectsAsItSaysToAServerWithTLS() async throws {
        try await Self.withCluster(tls: true) { cluster in
            let url = try await cluster.createDatabase()
            let certificate = try #require(cluster.certificate)
            #expect(try await Self.encrypted(url + "?sslmode=disable") == false)
            #expect(try await Self.encrypted(url) == true, "prefer (the default) takes TLS when offered")
            #expect(try await Self.encrypted(url + "?sslmode=require") == true)
            #expect(try await Self.encrypted(url + "?sslmode=verify-full&sslrootcert=\(certificate.path)") == true)
            // The same self-signed server, not trusted: verify-full refuses to talk to it.
            let untrusted = await #expect(throws: (any Error).self) {
                _ = try await Self.encrypted(url + "?sslmode=verify-full")
            }
            #expect(untrusted != nil)
        }
    }

    @Test func requireRefusesAServerWithoutTLSAndPreferFallsBackToPlainTCP() async throws {
        try await Self.withCluster(tls: false) { cluster in
            let url = try await cluster.createDatabase()
            #expect(try await Self.encrypted(url) == false, "prefer: plain TCP when TLS is not offered")
            await #expect(throws: (any Error).self) { _ = try await Self.encrypted(url + "?sslmode=require") }
        }
    }

    @Test func anUnreadableRootCertificateIsRefusedAtOpen() async throws {
        let error = await #expect(throws: MinerKitError.self) {
            _ = try await PostgresDatabasePool.open("postgres://u@127.0.0.1:1/db?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
        }
        #expect(error?.code == "bad_database_tls")
    }

    /// Runs `body` on a cluster of its own, stopped before returning (also when `body` throws).
    private static func withCluster(tls: Bool, _ body: (PostgresTestCluster) async throws -> Void) async throws {
        try await withStarted({ try await PostgresTestCluster.start(tls: tls) }, body)
    }

    /// Opens `url` (a short wait: a refused connection must fail, not hang) and asks the server whether
    /// this session is encrypted.
    private static func encrypted(_ url: String) async throws -> Bool {
        let database = try await PostgresDatabasePool.open(url, maxConnections: 1, connectionWait: .seconds(10))
        do {
            let ssl = try await database.transaction(readOnly: true) { db in
                try await db.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").rows.first?.decode(Bool.self)
            }
            await database.close()
            return ssl ?? false
        } catch {
            await database.close()
            throw error
        }
    }
}
