import MinerKit

/// A coordinator opened on its database by a command rather than a server, to provision keys while
/// the server may be running or stopped.
enum OfflineCoordinator {
    /// Runs `body` with a coordinator on `database` (a SQLite path or a postgres:// URL), then closes it.
    /// A missing SQLite file is refused unless `createDatabase` (see ``DatabaseLocation/requireExisting(unless:)``).
    static func run<T>(on database: String, createDatabase: Bool,
                       _ body: (Coordinator) async throws -> T) async throws -> T {
        let location = DatabaseLocation(database)
        try location.requireExisting(unless: createDatabase)
        return try await CoordinatorBackend.using(location) { backend in
            // Opening the store applies migrations; the coordinator's signing key is not needed here.
            try await body(Coordinator(store: backend.store, keyPair: .generate()))
        }
    }
}
