import Foundation
import MinerKit
import MinerKitPostgres

/// Where a server keeps its data, from `--database`: a SQLite file path (the embedded default) or a
/// `postgres://` URL that several server processes share.
enum DatabaseLocation {
    case sqlite(path: String)
    case postgres(url: String)

    init(_ text: String) {
        let lowered = text.lowercased()
        self = lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") ? .postgres(url: text) : .sqlite(path: text)
    }

    /// Refuses a SQLite file that does not exist unless `create` (a key written to a new file by a typo
    /// would never reach the coordinator); a PostgreSQL URL is always taken.
    func requireExisting(unless create: Bool) throws {
        if case .sqlite(let path) = self, !create, !FileManager.default.fileExists(atPath: path) {
            throw MinerKitError(.notFound, code: "database_not_found",
                                "no coordinator database at \(path): check the path (the coordinator creates it on first "
                                    + "start), or pass --create-database to create it here")
        }
    }

    /// What to print: the path, or the URL without its password.
    var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): (try? PostgresURL(url))?.description ?? "postgres database"
        }
    }
}

/// A coordinator's store and the coordination it shares with other nodes, opened from a location;
/// `close()` releases the database connections.
struct CoordinatorBackend {
    let store: any Store
    let coordination: Coordination
    let close: @Sendable () async -> Void

    static func open(_ location: DatabaseLocation) async throws -> CoordinatorBackend {
        switch location {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            return CoordinatorBackend(store: try SQLiteStore(path: path), coordination: .inProcess(), close: {})
        case .postgres(let url):
            let database = try await PostgresDatabasePool.open(url)
            let coordination: Coordination
            do {
                coordination = try await .postgres(database)
            } catch {
                await database.close()
                throw error
            }
            return CoordinatorBackend(store: PostgresStore(database: database), coordination: coordination) {
                await (coordination.wakeUps as? PostgresJobWakeUps)?.close()
                await database.close()
            }
        }
    }

    /// Runs `body` with the backend at `location`, then closes it, whether `body` returns or throws.
    static func using<T>(_ location: DatabaseLocation, _ body: (CoordinatorBackend) async throws -> T) async throws -> T {
        let backend = try await open(location)
        do {
            let value = try await body(backend)
            await backend.close()
            return value
        } catch {
            await backend.close()
            throw error
        }
    }
}
