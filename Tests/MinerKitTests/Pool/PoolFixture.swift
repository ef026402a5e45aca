import Foundation
import Synchronization
import Testing
@testable import MinerKit

/// A pool on a manual clock, over either store.
struct PoolFixture {
    enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case memory, sqlite
        var testDescription: String { rawValue }
    }

    let pool: PoolService
    let clock: ManualTimeSource
    let directory: URL?
    /// Every event the pool reported.
    let events = RecordedPoolEvents()

    /// Window 0 starts at the epoch; the clock starts 10 s into a window.
    static let start = Date(timeIntervalSince1970: 3600 * 470_000 + 10)

    init(_ kind: StoreKind = .memory, configuration: PoolConfiguration = PoolConfiguration()) async throws {
        clock = ManualTimeSource(start: Self.start)
        let store: any PoolStore
        switch kind {
        case .memory:
            store = InMemoryPoolStore()
            directory = nil
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pool-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            store = try SQLitePoolStore(path: dir.appendingPathComponent("pool.sqlite").path)
            directory = dir
        }
        pool = try await PoolService.open(store: store, configuration: configuration, clock: clock, observer: events)
    }

    /// Seeds with a known quality each, for simulations: `quality=<q>` inside the DSL.
    static func seeds(_ qualities: [Double], taskType: String = "cifar10_binary") -> PoolSeedCatalog {
        PoolSeedCatalog(seeds: [taskType: qualities.enumerated().map { index, quality in
            .init(id: "seed-\(index)", algorithmDSL: "seed \(index)\nquality=\(quality)")
        }])
    }

    func removeFiles() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }
}

/// An observer that keeps what it is told.
final class RecordedPoolEvents: MinerKitObserver {
    private let recorded = Mutex<[MinerKitEvent]>([])

    func observe(_ event: MinerKitEvent) { recorded.withLock { $0.append(event) } }

    var all: [MinerKitEvent] { recorded.withLock { $0 } }
}

/// The code of a thrown `MinerKitError`, or `nil`.
func poolErrorCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as MinerKitError {
        return error.code
    } catch {
        return "\(error)"
    }
}
