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
}
