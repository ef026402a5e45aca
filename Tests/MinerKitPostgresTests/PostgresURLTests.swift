import MinerKit
import MinerKitPostgres
import Testing

@Suite struct PostgresURLTests {
    @Test func parsesEveryPartAndHidesThePassword() throws {
        let url = try PostgresURL("postgres://miner:s3cret@db.local:6543/minerkit")
        #expect(url.host == "db.local")
        #expect(url.port == 6543)
        #expect(url.user == "miner")
        #expect(url.database == "minerkit")
        #expect(!url.description.contains("s3cret"))
    }

    @Test func defaultsThePort() throws {
        #expect(try PostgresURL("postgresql://postgres@127.0.0.1/db").port == 5432)
    }

    @Test(arguments: ["http://u@h/db", "postgres://h/db", "postgres://u@h", "postgres://u@h/"])
    func refusesUnusableURLs(_ text: String) {
        #expect(throws: MinerKitError.self) { try PostgresURL(text) }
    }

    @Test func sslModeDefaultsToPreferAndReadsLibpqsNames() throws {
        #expect(try PostgresURL("postgres://u@h/db").sslMode == .prefer)
        #expect(try PostgresURL("postgres://u@h/db?sslmode=disable").sslMode == .disable)
        #expect(try PostgresURL("postgres://u@h/db?sslmode=require").sslMode == .require)
        let verified = try PostgresURL("postgres://u:pw@h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        #expect(verified.sslMode == .verifyFull)
        #expect(verified.rootCertificate == "/etc/ca.pem")
        #expect(verified.description == "postgres://u@h:5432/db?sslmode=verify-full")
    }

    @Test(arguments: [
        ("postgres://u@h/db?sslmode=verify-ca", "verify-ca"),
        ("postgres://u@h/db?sslmode=", "sslmode"),
        ("postgres://u@h/db?sslmode=require&sslmode=disable", "sslmode"),
        ("postgres://u@h/db?connect_timeout=5", "connect_timeout"),
        ("postgres://u@h/db?sslmode=require&sslrootcert=/ca.pem", "sslrootcert"),
    ])
    func refusesParametersItDoesNotKeep(_ text: String, named: String) {
        let error = #expect(throws: MinerKitError.self) { try PostgresURL(text) }
        #expect(error?.code == "bad_database_url")
        #expect(error?.detail.contains(named) == true)
    }
}

extension PostgresURLTests {
    @Test func statementCacheSizeDefaultsTo256AndTakesZeroToTurnPreparingOff() throws {
        #expect(try PostgresURL("postgres://u@h/db").statementCacheSize == 256)
        let off = try PostgresURL("postgres://u@h/db?statement_cache_size=0")
        #expect(off.statementCacheSize == 0)
        #expect(off.description == "postgres://u@h:5432/db?statement_cache_size=0")
    }

    @Test func groupCommitIsOnUnlessTurnedOff() throws {
        #expect(try PostgresURL("postgres://u@h/db").groupCommit)
        #expect(try PostgresURL("postgres://u@h/db?group_commit=on").groupCommit)
        let off = try PostgresURL("postgres://u@h/db?group_commit=off")
        #expect(!off.groupCommit)
        #expect(off.description == "postgres://u@h:5432/db?group_commit=off")
        let error = #expect(throws: MinerKitError.self) { try PostgresURL("postgres://u@h/db?group_commit=yes") }
        #expect(error?.code == "bad_database_url")
    }

    @Test(arguments: ["-1", "many", "10001", "1.5"])
    func refusesAStatementCacheSizeThatIsNotACount(_ size: String) {
        let error = #expect(throws: MinerKitError.self) { try PostgresURL("postgres://u@h/db?statement_cache_size=\(size)") }
        #expect(error?.code == "bad_database_url")
        #expect(error?.detail.contains("statement_cache_size") == true)
    }
}
