import Foundation
import Synchronization
import Testing
@testable import MinerKit
import MinerKitTesting

/// Units of work that queue behind a running one share its successor's commit (``SQLiteWriteQueue``);
/// each must still be all-or-nothing on its own.
@Suite("SQLite group commit")
struct SQLiteGroupCommitTests {
    @Test("units queued behind a running one all commit, except the one that throws, which leaves nothing")
    func aThrowingUnitInABatchLeavesNothingAndSparesTheOthers() async throws {
        let store = try SQLiteStore(path: TemporaryPath.make("group-commit.sqlite"))
        let (running, gate) = (Gate(), Gate())
        // The first unit holds the writer until every other unit has queued behind it.
        let holder = Task {
            try await store.write { db in
                try await db.insert(Self.job("holder"))
                running.open()
                await gate.wait()
            }
        }
        await running.wait()
        let units = (0..<20).map { index in
            Task { () -> Bool in
                do {
                    try await store.write { db in
                        try await db.insert(Self.job("unit-\(index)"))
                        if index == 7 { throw MinerKitError(.validation, code: "refused_on_purpose", "unit 7 fails") }
                    }
                    return true
                } catch {
                    #expect((error as? MinerKitError)?.code == "refused_on_purpose", "unit \(index) must fail with its own error only")
                    return false
                }
            }
        }
        try await waitUntil("20 units queued behind the holder") { store.queuedWrites == 20 }
        gate.open()
        try await holder.value
        var succeeded: [Int] = []
        for (index, unit) in units.enumerated() where await unit.value { succeeded.append(index) }
        #expect(succeeded == Array(0..<20).filter { $0 != 7 })

        let stored = try await store.read { db in try await db.jobs(JobQuery(limit: 100)) }.map(\.id)
        #expect(Set(stored) == Set(["holder"] + succeeded.map { "unit-\($0)" }))
    }

    @Test("a unit sees the writes of units before it in the same batch, and not those of one rolled back")
    func unitsInABatchReadEarlierUnitsWrites() async throws {
        let store = try SQLiteStore(path: TemporaryPath.make("group-commit-reads.sqlite"))
        let (holder, gate) = try await Self.holdWriter(store)
        let writer = Task { try await store.write { db in try await db.insert(Self.job("written")) } }
        try await waitUntil("the writer queued") { store.queuedWrites == 1 }
        let failing = Task {
            try await store.write { db in
                try await db.insert(Self.job("rolled-back"))
                throw MinerKitError(.validation, code: "refused_on_purpose", "rolled back")
            }
        }
        try await waitUntil("the failing unit queued") { store.queuedWrites == 2 }
        let reader = Task {
            try await store.write { db in (try await db.job(id: "written") != nil, try await db.job(id: "rolled-back") != nil) }
        }
        try await waitUntil("the reader queued") { store.queuedWrites == 3 }
        gate.open()
        try await holder.value
        try await writer.value
        await #expect(throws: MinerKitError.self) { try await failing.value }
        let (sawWritten, sawRolledBack) = try await reader.value
        #expect(sawWritten)
        #expect(!sawRolledBack)
    }

    @Test("a duplicate insert in a batch fails alone with its conflict; the batch commits the rest")
    func aConstraintViolationInABatchFailsOnlyItsUnit() async throws {
        let store = try SQLiteStore(path: TemporaryPath.make("group-commit-conflict.sqlite"))
        try await store.write { db in try await db.insert(Self.job("taken")) }
        let (holder, gate) = try await Self.holdWriter(store)
        let before = Task { try await store.write { db in try await db.insert(Self.job("before")) } }
        try await waitUntil("the unit before queued") { store.queuedWrites == 1 }
        let duplicate = Task { try await store.write { db in try await db.insert(Self.job("taken")) } }
        try await waitUntil("the duplicate queued") { store.queuedWrites == 2 }
        let after = Task { try await store.write { db in try await db.insert(Self.job("after")) } }
        try await waitUntil("the unit after queued") { store.queuedWrites == 3 }
        gate.open()
        try await holder.value
        try await before.value
        try await after.value
        do {
            try await duplicate.value
            Issue.record("a duplicate job id must be refused")
        } catch let error as MinerKitError {
            #expect(error.kind == .conflict)
        }
        let count = try await store.read { db in try await db.jobCount(state: nil) }
        #expect(count == 3)
    }

    /// A unit of work that holds the writer until `gate` opens; returns once it runs, so units written
    /// after it queue behind it.
    private static func holdWriter(_ store: SQLiteStore) async throws -> (holder: Task<Void, any Error>, gate: Gate) {
        let (running, gate) = (Gate(), Gate())
        let holder = Task {
            try await store.write { _ in
                running.open()
                await gate.wait()
            }
        }
        await running.wait()
        return (holder, gate)
    }

    private static func job(_ id: String) -> Job {
        var job = Job(client: "c", model: "echo", input: id, createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        job.id = id
        return job
    }
}

/// A one-shot gate: `wait()` returns once `open()` was called.
private final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
