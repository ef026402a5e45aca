import Foundation
import Synchronization
import MinerKit
import MinerKitTesting
import Testing

@Suite struct RateLimiterTests {
    @Test func bucketsRefillAndReportRetryAfter() async throws {
        let clock = ManualTimeSource()
        let limiter = RateLimiter(limits: RateLimits(requestsPerMinute: 60, jobOperationsPerMinute: 10), clock: clock)
        for _ in 0..<10 { try await limiter.admit("m1", .jobOperation) }
        do {
            try await limiter.admit("m1", .jobOperation)
            Issue.record("the 11th job operation in a minute was admitted")
        } catch let error as MinerKitError {
            #expect(error.kind == .rateLimited && error.retryAfter == 6)
        }
        for _ in 0..<50 { try await limiter.admit("m1", .request) }
        await #expect(throws: MinerKitError.self) { try await limiter.admit("m1", .request) }
        try await limiter.admit("m2", .jobOperation)  // other miners have their own buckets
        clock.advance(by: 6)
        try await limiter.admit("m1", .jobOperation)
    }

    @Test func refusedCallsCostNothing() async throws {
        let clock = ManualTimeSource()
        let limiter = RateLimiter(limits: RateLimits(requestsPerMinute: 3, jobOperationsPerMinute: 1), clock: clock)
        try await limiter.admit("m1", .jobOperation)
        await #expect(throws: MinerKitError.self) { try await limiter.admit("m1", .jobOperation) }
        try await limiter.admit("m1", .request)
        try await limiter.admit("m1", .request)
    }

    @Test func offSwitch() async throws {
        let limiter = RateLimiter(limits: .off, clock: ManualTimeSource())
        for _ in 0..<1000 { try await limiter.admit("m1", .jobOperation) }
    }
}

@Suite struct JobSignalTests {
    @Test func announcementWakesTheLongestWaiterServingTheModel() async throws {
        let signal = JobSignal()
        let order = OrderLog()
        let generation = signal.generation
        async let first: Void = { await signal.wait(models: nil, since: generation, timeout: .seconds(30)); order.append("first") }()
        try await waitUntil("the first waiter waits") { signal.waiterCount == 1 }
        async let second: Void = { await signal.wait(models: ["llama"], since: generation, timeout: .seconds(30)); order.append("second") }()
        try await waitUntil("the second waiter waits") { signal.waiterCount == 2 }
        async let whisper: Void = { await signal.wait(models: ["whisper"], since: generation, timeout: .seconds(30)); order.append("whisper") }()
        try await waitUntil("the whisper waiter waits") { signal.waiterCount == 3 }
        signal.announce(model: "whisper", count: 1)
        signal.announce(model: "whisper", count: 1)
        #expect(signal.waiterCount == 1, "two whisper jobs woke two waiters")
        try await waitUntil("the woken waiters returned") { order.entries.count == 2 }
        #expect(Set(order.entries) == ["first", "whisper"])
        signal.announce(model: "llama", count: 1)
        _ = await (first, second, whisper)
        #expect(order.entries.last == "second")
    }

    @Test func anAnnouncementBeforeWaitingIsNotLost() async {
        let signal = JobSignal()
        let generation = signal.generation
        signal.announce(model: "m", count: 1)
        let start = ContinuousClock.now
        await signal.wait(models: nil, since: generation, timeout: .seconds(30))
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func endWaitsEndsEveryWaitAndEveryLaterOne() async throws {
        let signal = JobSignal()
        let generation = signal.generation
        let order = OrderLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for model in ["llama", "whisper"] {
                group.addTask { await signal.wait(models: [model], since: generation, timeout: .seconds(30)); order.append(model) }
            }
            try await waitUntil("both waiters wait") { signal.waiterCount == 2 }
            signal.endWaits()
            try await group.waitForAll()
        }
        #expect(Set(order.entries) == ["llama", "whisper"])
        let start = ContinuousClock.now
        await signal.wait(models: ["llama"], since: signal.generation, timeout: .seconds(30))
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func lateWaitersTakeOneWakeUpPerJobThatWokeNobody() async throws {
        let signal = JobSignal()
        let stale = signal.generation
        signal.announce(model: "m", count: 2)
        signal.announce(model: "other", count: 1)
        let woken = OrderLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<5 {
                group.addTask {
                    await signal.wait(models: ["m"], since: stale, timeout: .seconds(30))
                    woken.append("\(n) \(ContinuousClock.now)")
                }
            }
            // Two jobs for "m" woke nobody: two late waiters return at once, the other three wait on.
            try await waitUntil("two late waiters returned and three wait") {
                woken.entries.count == 2 && signal.waiterCount == 3
            }
            group.cancelAll()   // ends the three waits (a cancelled wait returns)
            try await group.waitForAll()
        }
        #expect(woken.entries.count == 5)
        // The job for "other" is still there for a waiter serving it.
        let start = ContinuousClock.now
        await signal.wait(models: ["other"], since: stale, timeout: .seconds(30))
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func waitsEndAtTheirTimeout() async {
        let signal = JobSignal()
        let start = ContinuousClock.now
        await signal.wait(models: nil, since: signal.generation, timeout: .milliseconds(100))
        #expect(ContinuousClock.now - start >= .milliseconds(100))
    }
}

/// A thread-safe list of events, in order.
final class OrderLog: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ entry: String) { storage.withLock { $0.append(entry) } }
    var entries: [String] { storage.withLock { $0 } }
}
