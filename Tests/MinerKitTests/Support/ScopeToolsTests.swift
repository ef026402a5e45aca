import MinerKit
import MinerKitTesting
import Synchronization
import Testing

/// `withStarted` stops what it started before it returns, and `waitUntil` ends as soon as its
/// condition holds or fails with its name once the time is up.
@Suite struct ScopeToolsTests {
    /// Records what happened to it, in order.
    final class Probe: StoppableService {
        let log = Mutex<[String]>([])
        let failStop: Bool

        init(failStop: Bool = false) { self.failStop = failStop }

        func stop() async throws {
            log.withLock { $0.append("stopped") }
            if failStop { throw MinerKitError(.internal, code: "stop_failed", "stop failed") }
        }

        var events: [String] { log.withLock { $0 } }
    }

    @Test func theServiceIsStoppedBeforeTheScopeReturns() async throws {
        let probe = Probe()
        let value = try await withStarted({ probe }) { probe in
            probe.log.withLock { $0.append("body") }
            return 7
        }
        #expect(value == 7)
        #expect(probe.events == ["body", "stopped"])
    }

    @Test func aThrowingBodyStillStopsTheServiceAndItsErrorWins() async throws {
        let probe = Probe(failStop: true)
        let error = await #expect(throws: MinerKitError.self) {
            try await withStarted({ probe }) { _ in throw MinerKitError(.validation, code: "body_failed", "body failed") }
        }
        #expect(error?.code == "body_failed")
        #expect(probe.events == ["stopped"])
    }

    @Test func aFailedStopAfterABodyThatReturnedIsThrown() async throws {
        let probe = Probe(failStop: true)
        let error = await #expect(throws: MinerKitError.self) { try await withStarted({ probe }) { _ in } }
        #expect(error?.code == "stop_failed")
    }

    @Test func waitForReturnsTheFirstValueItSees() async throws {
        let count = Atomic<Int>(0)
        let value = try await waitFor("the third look") { () -> Int? in
            let seen = count.add(1, ordering: .relaxed).newValue
            return seen >= 3 ? seen : nil
        }
        #expect(value == 3)
    }

    @Test func aConditionThatNeverHoldsFailsWithItsName() async throws {
        let error = await #expect(throws: ConditionTimeout.self) {
            try await waitUntil("a condition that never holds", timeout: .milliseconds(20)) { false }
        }
        #expect(error?.description.contains("a condition that never holds") == true)
    }
}
