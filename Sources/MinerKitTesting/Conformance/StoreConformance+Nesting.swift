import Foundation
import MinerKit
import Synchronization

extension StoreConformance {
    /// A unit of work started inside another on the same store is refused at once (GRDB's rule), never
    /// left waiting for the outer one: each nested call is raced against a timer, so a store that
    /// deadlocks fails the check instead of hanging the suite.
    static let nestingChecks: [Check] = [
        check("a write inside a write is refused at once with nested_unit_of_work") { store, expect in
            let code = try await nestedCode(store, expect) { outer in
                try await outer.write { db in try await db.insert(Job(id: "inner", client: "c", model: "echo", input: "x", createdAt: Date(timeIntervalSince1970: 1))) }
            }
            try expect.equal(code, "nested_unit_of_work", "error of the nested write")
            try expect.equal(try await store.read { try await $0.job(id: "inner") }?.id, nil, "the nested write's job")
            // The store is still usable, by this task too, once the outer unit is over.
            try await store.write { db in try await db.insert(Job(id: "after", client: "c", model: "echo", input: "x", createdAt: Date(timeIntervalSince1970: 1))) }
            try expect.equal(try await store.read { try await $0.job(id: "after") }?.id, "after", "a write after the refusal")
        },
        check("a read inside a write is refused at once with nested_unit_of_work") { store, expect in
            let code = try await nestedCode(store, expect) { outer in
                _ = try await outer.read { try await $0.jobCount(state: nil) }
            }
            try expect.equal(code, "nested_unit_of_work", "error of the nested read")
        },
    ]

    /// Runs `nested` inside a write on `store` and returns the code of the ``MinerKitError`` it threw
    /// (nil when it returned); fails when the whole exchange takes over 20 seconds.
    private static func nestedCode(_ store: any Store, _ expect: Expectations,
                                   _ nested: @escaping @Sendable (any Store) async throws -> Void) async throws -> String? {
        let outcome = await race(limit: .seconds(20)) {
            try await store.write { _ in
                do {
                    try await nested(store)
                    return String?.none
                } catch let error as MinerKitError {
                    return error.code
                }
            }
        }
        guard let outcome else {
            try expect.that(false, "the nested unit of work did not return within 20 s (deadlock)")
            return nil
        }
        return try outcome.get()
    }

    /// `body`'s outcome, or nil when `limit` passes first. `body` runs in a task of its own, so a
    /// deadlocked body is left behind instead of holding the caller.
    private static func race<T: Sendable>(limit: Duration,
                                          _ body: @escaping @Sendable () async throws -> T) async -> Result<T, any Error>? {
        let first = FirstOutcome<Result<T, any Error>?>()
        return await withCheckedContinuation { continuation in
            first.set(continuation)
            let work = Task {
                do { first.resolve(.success(try await body())) } catch { first.resolve(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: limit)
                first.resolve(nil)
                work.cancel()
            }
        }
    }
}

/// Resumes a continuation with whichever outcome comes first; later ones are dropped.
private final class FirstOutcome<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<T, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resolve(_ value: T) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
