import Foundation
import MinerKit

/// The stores every behavioural suite runs against.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case inMemory
    case sqlite

    var description: String { rawValue }

    /// A fresh, empty store of this kind (SQLite in a new temporary file).
    func make() throws -> any Store {
        switch self {
        case .inMemory: InMemoryStore()
        case .sqlite: try SQLiteStore(path: TemporaryPath.make("store.sqlite"))
        }
    }
}


/// Unique paths under the system temporary directory.
enum TemporaryPath {
    static func make(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("minerkit-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }
}
