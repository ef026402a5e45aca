import Logging
import PostgresNIO
import Synchronization

/// The PostgresNIO client a ``PostgresDatabasePool`` leases connections from, swapped for a fresh one
/// when the database answers again after an outage.
///
/// PostgresNIO's pool backs off between failed connection attempts (growing to a minute) and, after
/// 60 s of failures, fails every lease at once ("circuit breaker") until one attempt succeeds, so a long
/// outage used to end 5-21 s after the database was back. Here, a lease that found no connection
/// starts a probe (one task at a time): a plain connection attempt every 200 ms. While attempts fail,
/// the database is marked down (leases answer `database_unavailable` at once instead of waiting). When
/// one succeeds, a fresh client replaces the old one if the old one cannot be trusted to connect soon:
/// the database was down, the pool refused the lease, or the lease waited with connections to spare
/// (so the pool was backing off, not busy). A pool whose every connection was busy is left alone.
final class PostgresClientSlot: Sendable {
    private struct State {
        var client: PostgresClient
        var runner: Task<Void, Never>
        var probe: Task<Void, Never>?
        var down = false
        var replace = false
        var closed = false
    }

    private let configuration: PostgresClient.Configuration
    private let probeConfiguration: PostgresConnection.Configuration
    private let logger: Logger
    private let state: Mutex<State>
    /// Connections leased from the current client and not yet handed back.
    private let leased = Atomic<Int>(0)

    init(configuration: PostgresClient.Configuration, probeConfiguration: PostgresConnection.Configuration, logger: Logger) {
        self.configuration = configuration
        self.probeConfiguration = probeConfiguration
        self.logger = logger
        let (client, runner) = Self.start(configuration, logger: logger)
        state = Mutex(State(client: client, runner: runner))
    }

    /// The client to lease from, or `nil` while a probe finds the database refusing connections.
    func current() -> PostgresClient? {
        state.withLock { $0.down ? nil : $0.client }
    }

    /// Whether ``close()`` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Runs `body` counting a leased connection, so a lease that waits in vain can tell a busy pool
    /// from one that cannot connect.
    func counting<T>(_ body: () async throws -> T) async rethrows -> T {
        leased.add(1, ordering: .relaxed)
        defer { leased.subtract(1, ordering: .relaxed) }
        return try await body()
    }

    /// A lease found no connection within `waited` (nil: the pool refused it at once, its circuit
    /// breaker open): probe the database, and renew the client once it answers. A wait of a second or
    /// more with connections to spare means the pool is not connecting (backing off); a shorter one
    /// (``PostgresDatabasePool/commitOutcome(of:)`` waits 100 ms) may just be a connection being opened.
    func reportUnreachable(waited: Duration?) {
        let stuck = waited.map { $0 >= .seconds(1) && leased.load(ordering: .relaxed) < configuration.options.maximumConnections } ?? true
        state.withLock { state in
            guard !state.closed else { return }
            state.replace = state.replace || stuck
            guard state.probe == nil else { return }
            state.probe = Task { await self.probe() }
        }
    }

    /// Closes the client (leases still waiting fail with `poolClosed`) and stops a probe.
    func close() async {
        let (runner, probe) = state.withLock { state in
            state.closed = true
            return (state.runner, state.probe)
        }
        probe?.cancel()
        await probe?.value
        runner.cancel()
        await runner.value
    }

    private func probe() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(configuration: probeConfiguration, id: 0, logger: logger)
                try? await connection.close()
                break
            } catch where Self.answers(error) {
                break
            } catch {
                failures += 1
                if failures == 1 {
                    logger.warning("the database refuses connections; answering database_unavailable until it is back",
                                   metadata: ["error": "\(String(reflecting: error))"])
                    state.withLock { $0.down = true }
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        let retired: Task<Void, Never>? = state.withLock { state in
            let replace = state.replace || failures > 0
            state.down = false
            state.replace = false
            guard replace, !state.closed else { return nil }
            let (client, runner) = Self.start(configuration, logger: logger)
            let old = state.runner
            state.client = client
            state.runner = runner
            return old
        }
        if let retired {
            logger.notice("the database answers; connecting with a fresh pool", metadata: ["after_failed_probes": "\(failures)"])
            retired.cancel()
            await retired.value
        }
        // Cleared last, so ``close()`` waits for the old client too.
        state.withLock { $0.probe = nil }
    }

    /// Whether a failed connection attempt still shows a server that answers (out of connection slots,
    /// a wrong password): then the database is not away, only this attempt failed.
    private static func answers(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        // 57P01-57P03: shutting down or starting up, which is away.
        return !(error.serverInfo?[.sqlState] ?? "").hasPrefix("57P")
    }

    private static func start(_ configuration: PostgresClient.Configuration,
                              logger: Logger) -> (PostgresClient, Task<Void, Never>) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // Started immediately where the runtime can, so the client runs before the first lease.
        if #available(macOS 26, *) {
            return (client, Task.immediate { await client.run() })
        }
        return (client, Task { await client.run() })
    }
}
