import Foundation
import Synchronization

/// The events one pool unit of work noted, reported to the observer once it committed.
///
/// A run of a unit of work gets a fresh log (a run that is retried reports nothing), reached by the pool's
/// rules through ``PoolService/eventLog`` so that they note what happened where it happens, without
/// every rule passing the log along.
final class PoolEventLog: Sendable {
    private let events = Mutex<[MinerKitEvent]>([])

    func note(_ event: MinerKitEvent) { events.withLock { $0.append(event) } }

    var all: [MinerKitEvent] { events.withLock { $0 } }
}

extension PoolService {
    /// The log of the unit of work running on this task (nil outside ``write(_:)``).
    @TaskLocal static var eventLog: PoolEventLog?

    /// Notes `event` for the running unit of work; it is reported if and when that unit commits.
    func note(_ event: MinerKitEvent) {
        Self.eventLog?.note(event)
    }

    /// Runs `body` as one unit of work on the store, then reports what its committed run noted.
    func write<T: Sendable>(_ body: @Sendable (any PoolStoreWriter) async throws -> T) async throws -> T {
        let (result, events) = try await store.write { db in
            let log = PoolEventLog()
            let result = try await Self.$eventLog.withValue(log) { try await body(db) }
            return (result, log.all)
        }
        if let observer {
            for event in events { observer.observe(event) }
        }
        return result
    }
}
