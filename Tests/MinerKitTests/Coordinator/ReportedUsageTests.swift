import Foundation
import MinerKit
import Testing

/// Receipt units from what the miner reported: AITBC's fields first, then MinerKit's, then wall time.
@Suite struct ReportedUsageTests {
    @Test func unitsAreReadTheAITBCWayThenMinerKits() {
        #expect(ReportedUsage.seconds(in: ["units": 3, "compute_time": 2, "gpu_time_seconds": 9]) == 3)
        #expect(ReportedUsage.seconds(in: ["duration_ms": 1500, "compute_time": 2]) == 1.5)
        #expect(ReportedUsage.seconds(in: ["compute_time": 2.0, "energy_used": 0.1, "aitbc_earned": 10.0]) == 2)
        #expect(ReportedUsage.seconds(in: ["execution_time": 4, "gpu_time_seconds": 9]) == 4)
        #expect(ReportedUsage.seconds(in: ["gpu_time_seconds": 1.5, "execution_time_seconds": 7]) == 1.5)
        #expect(ReportedUsage.seconds(in: ["execution_time_seconds": 7]) == 7)
        #expect(ReportedUsage.seconds(in: ["units": -1, "compute_time": 2]) == 2, "a negative value is passed over")
        #expect(ReportedUsage.seconds(in: ["energy_used": 0.1]) == nil)
        #expect(ReportedUsage.seconds(in: nil) == nil)
    }

    @Test func metricsMustBeAnObjectOfNumbers() throws {
        try ReportedUsage.validate(nil)
        try ReportedUsage.validate(["compute_time": 2])
        for bad: JSONValue in [["compute_time": "2"], ["nested": ["a": 1]], [1, 2], "fast", ["flag": true]] {
            #expect(throws: MinerKitError.self) { try ReportedUsage.validate(bad) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aReceiptBillsComputeTime(kind: StoreKind) async throws {
        let s = try await CoordinatorTests.Setup(kind)
        let miner = try await s.miner("m1")
        let job = try await s.submit()
        _ = try await s.coordinator.claim(jobID: job.id, credentials: miner)
        let receipt = try await s.coordinator.complete(
            jobID: job.id, report: JobResultReport(result: "out", metrics: ["compute_time": 2.0, "aitbc_earned": 10]),
            credentials: miner)
        #expect(receipt.units == 2 && receipt.verify(with: s.coordinator.publicKey))
    }
}
