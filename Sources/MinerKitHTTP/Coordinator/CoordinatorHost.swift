import Foundation
import Hummingbird
import Logging
import MinerKit

/// A coordinator with its store and receipt-signing key, ready to serve: what `minerkit coordinator
/// serve` and the example server run. On the embedded SQLite file it needs no configuration; several
/// hosts on one shared database (``open(store:coordination:database:keyPath:configuration:)``) form one
/// coordinator behind a load balancer.
///
/// ```swift
/// let host = try CoordinatorHost.open(databasePath: "coordinator.sqlite")
/// try await host.serve(port: 8001)   // until SIGINT/SIGTERM
/// ```
public struct CoordinatorHost: Sendable {
    public let coordinator: Coordinator
    /// Where the data is: a SQLite file path, or a database URL without its password.
    public let database: String
    /// The Ed25519 seed file receipts are signed with (mode 0600).
    public let keyPath: String
    /// Whether opening the host generated the key (first start).
    public let createdKey: Bool

    /// Opens (creating) the SQLite database and loads the signing key from `keyPath` (default: next to
    /// the database, `<database>.ed25519`), generating and saving it with mode 0600 on first start.
    /// `observer` hears what the coordinator does (``ServiceMetrics`` for `/metrics`).
    public static func open(databasePath: String, keyPath: String? = nil,
                            configuration: CoordinatorConfiguration = CoordinatorConfiguration(),
                            observer: (any MinerKitObserver)? = nil) throws -> CoordinatorHost {
        let directory = (databasePath as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        return try open(store: try SQLiteStore(path: databasePath), coordination: .inProcess(), database: databasePath,
                        keyPath: keyPath ?? databasePath + ".ed25519", configuration: configuration, observer: observer)
    }

    /// A host over any store, sharing `coordination` (wake-ups, replay guard, rate budgets) with the
    /// other nodes on that store. Every node must sign with the same key: the file at `keyPath` is
    /// loaded, or generated (mode 0600) when it does not exist yet.
    public static func open(store: any Store, coordination: Coordination, database: String, keyPath: String,
                            configuration: CoordinatorConfiguration = CoordinatorConfiguration(),
                            observer: (any MinerKitObserver)? = nil) throws -> CoordinatorHost {
        let created = !FileManager.default.fileExists(atPath: keyPath)
        let keyPair: Ed25519KeyPair
        if created {
            keyPair = .generate()
            try keyPair.save(to: keyPath)
        } else {
            keyPair = try .load(from: keyPath)
        }
        let coordinator = Coordinator(store: store, keyPair: keyPair, configuration: configuration, coordination: coordination,
                                      observer: observer)
        return CoordinatorHost(coordinator: coordinator, database: database, keyPath: keyPath, createdKey: created)
    }

    /// The demo default: when no client key exists yet, creates one and writes its text to `path`
    /// (mode 0600, never overwritten: a file already there means a key was handed out before).
    /// A file already there is checked on every start as the signing key is: one that group or others
    /// can access is refused (`key_file_insecure`). Returns whether a key was written.
    public func ensureClientKey(writingTo path: String) async throws -> Bool {
        if FileManager.default.fileExists(atPath: path) {
            try PrivateFile.checkPrivate(path)
            return false
        }
        guard try await coordinator.store.read({ db in try await db.clientKeyCount() }) == 0 else { return false }
        let (_, key) = try await coordinator.createClientKey(name: "default")
        try PrivateFile.create(path, contents: Array((key.text + "\n").utf8))
        return true
    }

    /// Serves the coordinator API (and its console under `/ui`) on `host:port` and runs maintenance every second, until SIGINT or
    /// SIGTERM. `limits` bounds idle and slow clients and open connections. `onRunning` receives the bound port.
    /// `layers` are all on unless a benchmark measures what one costs (``ServerLayers``).
    ///
    /// A signal drains the node (``APIServer/serve(_:inFlight:drainLimit:services:onDrain:)``): long polls
    /// end at once without a job, requests in flight finish, then the receipts still waiting are sealed
    /// into blocks. Past `drainLimit` the rest is cut off and ``DrainLimitExceeded`` is thrown (after the
    /// receipts are sealed).
    public func serve(host: String = "127.0.0.1", port: Int = 8001, maxBodyBytes: Int = CoordinatorAPI.defaultMaxBodyBytes,
                      limits: ConnectionLimits = ConnectionLimits(), drainLimit: Duration = .seconds(30),
                      logger: Logger = Logger(label: "minerkit.coordinator"), layers: ServerLayers = .all,
                      onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let coordinator = self.coordinator
        let maintenance = Task {
            await coordinator.runMaintenance(every: .seconds(1), onReport: { report in
                guard report.expiredLeases > 0 || report.offlineMiners > 0 || report.sealedBlock != nil else { return }
                logger.info("maintenance", metadata: [
                    "expired_leases": "\(report.expiredLeases)", "offline_miners": "\(report.offlineMiners)",
                    "sealed_block": "\(report.sealedBlock.map { String($0.height) } ?? "none")",
                ])
            }, onError: { error in
                logger.error("maintenance failed", metadata: ["error": "\(error)"])
            })
        }
        defer { maintenance.cancel() }
        let router = CoordinatorAPI.routerWithConsole(coordinator: coordinator, maxBodyBytes: maxBodyBytes, layers: layers)
        let app = APIServer.application(router: router,
                                        configuration: .init(host: host, port: port, serverName: "MinerKit Coordinator",
                                                             limits: limits, layers: layers),
                                        logger: logger, onRunning: onRunning)
        let served: Result<Void, any Error>
        do {
            try await APIServer.serve(app, inFlight: router.inFlight, drainLimit: drainLimit) { await coordinator.drain() }
            served = .success(())
        } catch {
            served = .failure(error)
        }
        maintenance.cancel()
        let sealed = try await coordinator.sealPendingReceipts()
        logger.notice("stopped", metadata: ["sealed_blocks": "\(sealed.count)",
                                            "sealed_receipts": "\(sealed.map(\.transactions).reduce(0, +))"])
        try served.get()
    }
}
