import Foundation
import Hummingbird
import Logging
import MinerKit

/// A coordinator on its embedded SQLite file, with its receipt-signing key, ready to serve.
/// What `minerkit coordinator serve` and the example server run; needs no configuration.
///
/// ```swift
/// let host = try CoordinatorHost.open(databasePath: "coordinator.sqlite")
/// try await host.serve(port: 8001)   // until SIGINT/SIGTERM
/// ```
public struct CoordinatorHost: Sendable {
    public let coordinator: Coordinator
    public let databasePath: String
    /// The Ed25519 seed file receipts are signed with (mode 0600).
    public let keyPath: String
    /// Whether ``open(databasePath:keyPath:configuration:)`` generated the key (first start).
    public let createdKey: Bool

    /// Opens (creating) the database and loads the signing key from `keyPath` (default: next to the
    /// database, `<database>.ed25519`), generating and saving it with mode 0600 on first start.
    public static func open(databasePath: String, keyPath: String? = nil,
                            configuration: CoordinatorConfiguration = CoordinatorConfiguration()) throws -> CoordinatorHost {
        let directory = (databasePath as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let keyPath = keyPath ?? databasePath + ".ed25519"
        let created = !FileManager.default.fileExists(atPath: keyPath)
        let keyPair: Ed25519KeyPair
        if created {
            keyPair = .generate()
            try keyPair.save(to: keyPath)
        } else {
            keyPair = try .load(from: keyPath)
        }
        let coordinator = Coordinator(store: try SQLiteStore(path: databasePath), keyPair: keyPair,
                                      configuration: configuration)
        return CoordinatorHost(coordinator: coordinator, databasePath: databasePath, keyPath: keyPath, createdKey: created)
    }

    /// The demo default: when no client key exists yet, creates one and writes its text to `path`
    /// (mode 0600, never overwritten). Returns whether a key was written.
    public func ensureClientKey(writingTo path: String) async throws -> Bool {
        guard try await coordinator.store.read({ db in try await db.clientKeyCount() }) == 0 else { return false }
        let (_, key) = try await coordinator.createClientKey(name: "default")
        try PrivateFile.create(path, contents: Array((key.text + "\n").utf8))
        return true
    }

    /// Serves the coordinator API on `host:port` and runs maintenance every second, until SIGINT or
    /// SIGTERM. `onRunning` receives the bound port.
    public func serve(host: String = "127.0.0.1", port: Int = 8001, maxBodyBytes: Int = CoordinatorAPI.defaultMaxBodyBytes,
                      logger: Logger = Logger(label: "minerkit.coordinator"),
                      onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let coordinator = self.coordinator
        let maintenance = Task {
            await coordinator.runMaintenance(every: .seconds(1)) { error in
                logger.error("maintenance failed", metadata: ["error": "\(error)"])
            }
        }
        defer { maintenance.cancel() }
        let app = APIServer.application(router: CoordinatorAPI.router(coordinator: coordinator, maxBodyBytes: maxBodyBytes),
                                        configuration: .init(host: host, port: port, serverName: "MinerKit Coordinator"),
                                        logger: logger, onRunning: onRunning)
        try await app.runService()
        try await coordinator.sealPendingReceipts()
    }
}
