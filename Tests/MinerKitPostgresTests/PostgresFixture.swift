import MinerKit
import MinerKitPostgres
import MinerKitTesting

/// A fresh database on the process's shared throwaway cluster for each test, closed when the test ends.
enum PostgresFixture {
    /// Runs `body` with a newly created, migrated database, opened with the URL `parameters` and at most
    /// `maxConnections`; closes it afterwards, also when `body` throws.
    static func withDatabase<T>(parameters: String? = nil, maxConnections: Int = 8,
                                _ body: (PostgresDatabasePool) async throws -> T) async throws -> T {
        let url = try await PostgresTestCluster.shared().createDatabase() + (parameters.map { "?" + $0 } ?? "")
        let database = try await PostgresDatabasePool.open(url, maxConnections: maxConnections, connectionWait: .seconds(60))
        do {
            let value = try await body(database)
            await database.close()
            return value
        } catch {
            await database.close()
            throw error
        }
    }

    /// Runs `body` with two pools on one fresh database: two coordinator "nodes".
    static func withTwoNodes<T>(_ body: (PostgresDatabasePool, PostgresDatabasePool) async throws -> T) async throws -> T {
        try await withDatabase { first in
            let second = try await PostgresDatabasePool.open(first.url, maxConnections: 4, connectionWait: .seconds(60))
            do {
                let value = try await body(first, second)
                await second.close()
                return value
            } catch {
                await second.close()
                throw error
            }
        }
    }
}
