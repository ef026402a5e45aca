import Foundation
import Testing
@testable import MinerKit

@Suite("Pool configuration")
struct PoolConfigurationTests {
    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seeds-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func seedFileIsReadAndItsTaskTypesServed() async throws {
        let path = try write(#"{"mnist_digits": [{"id": "seed-a", "algorithm_dsl": "model a"}, {"id": "seed-b", "algorithm_dsl": "model b"}]}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let catalog = try PoolSeedCatalog.load(contentsOf: path)
        #expect(catalog.taskTypes == ["mnist_digits"])
        let fixture = try await PoolFixture(configuration: PoolConfiguration(seeds: catalog))
        let lease = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms())
        #expect(lease.evaluateAlgorithms.map(\.id) == ["seed-a", "seed-b"])
        #expect(lease.assignment.taskType == "mnist_digits")
    }

    @Test(arguments: [
        (#"not json"#, "seed_file_invalid"),
        (#"{"t": [{"id": "a", "algorithm_dsl": "x"}, {"id": "a", "algorithm_dsl": "y"}]}"#, "seed_id_repeated"),
        (#"{"t": [{"id": "a", "algorithm_dsl": "   "}]}"#, "algorithm_empty"),
        (#"{"t": []}"#, "seed_catalog_empty"),
        (#"{"bad type!": [{"id": "a", "algorithm_dsl": "x"}]}"#, "invalid_task_type"),
    ])
    func badSeedFilesAreRefusedWithAReason(_ text: String, _ code: String) throws {
        let path = try write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: MinerKitError.self) { try PoolSeedCatalog.load(contentsOf: path) }
        #expect(error?.code == code)
    }

    @Test func windowsAndBlocksFollowTheClock() {
        let clock = PoolWindowClock(windowSeconds: 60)
        let date = Date(timeIntervalSince1970: 1_000_030)
        #expect(clock.window(at: date) == 16_667)
        #expect(clock.timeRemaining(at: date) == 50)
        #expect(clock.block(at: date) == 83_335)
        #expect(clock.end(of: 16_667) == Date(timeIntervalSince1970: 1_000_080))
    }

    @Test func inconsistentConfigurationIsRefused() async {
        let code = await poolErrorCode {
            _ = try await PoolService.open(store: InMemoryPoolStore(), configuration: PoolConfiguration(defaultEvalBatchSize: 1))
        }
        #expect(code == "invalid_pool_configuration")
    }
}
