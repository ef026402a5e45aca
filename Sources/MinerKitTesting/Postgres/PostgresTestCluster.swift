import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throwaway PostgreSQL server for tests and benchmarks: a fresh `initdb` in a temporary folder,
/// listening on a free loopback port with trust authentication, stopped (`pg_ctl stop -m fast`) and
/// removed again by ``stop()``.
///
/// Starting one takes about a second, so a test process shares one (``shared()``) and gives each test
/// its own database (``createDatabase()``):
///
/// ```swift
/// let url = try await PostgresTestCluster.shared().createDatabase()   // postgres://postgres@127.0.0.1:PORT/t_1
/// ```
///
/// Tests that need it use `.enabled(if: PostgresTestCluster.shouldRunTests)`: without the server
/// binaries they are skipped locally, but when `CI` is set they run and fail with a clear message.
public final class PostgresTestCluster: Sendable {
    /// Why the cluster could not start or stop (the message quotes the tool's output).
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The loopback port the server listens on.
    public let port: Int
    /// The temporary folder holding the data directory, the server log and the Unix socket.
    public let directory: URL
    /// The server's certificate (PEM) when it was started with `tls` (trust it with `sslrootcert`).
    public var certificate: URL? {
        let file = directory.appendingPathComponent("data/server.crt")
        return FileManager.default.fileExists(atPath: file.path) ? file : nil
    }
    private let tool: PostgresTool
    private let serverArguments: [String]
    private let databases = Mutex(0)

    private init(port: Int, directory: URL, tool: PostgresTool, serverArguments: [String]) {
        self.port = port
        self.directory = directory
        self.tool = tool
        self.serverArguments = serverArguments
    }

    // MARK: Finding the server

    /// The folder holding `initdb` and `pg_ctl`: `$MINERKIT_POSTGRES_BIN`, else the newest
    /// `/usr/lib/postgresql/<version>/bin` (Debian's layout); `nil` when neither has them.
    public static let binDirectory: URL? = {
        let fileManager = FileManager.default
        if let configured = ProcessInfo.processInfo.environment["MINERKIT_POSTGRES_BIN"] {
            return URL(fileURLWithPath: configured)
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? fileManager.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        return versions.map { URL(fileURLWithPath: "\(root)/\($0)/bin") }
            .first { fileManager.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path) }
    }()

    /// Whether tests must not be skipped for want of PostgreSQL (the `CI` environment variable is set).
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// Whether tests that need PostgreSQL should run: the binaries are here, or CI requires them (so a
    /// missing server fails those tests instead of skipping them silently).
    public static var shouldRunTests: Bool { binDirectory != nil || isRequired }

    // MARK: Lifecycle

    /// Creates and starts a cluster.
    /// - Parameters:
    ///   - durable: `fsync` and synchronous commits on (benchmarks); off by default (tests: faster,
    ///     and a throwaway cluster has nothing to lose).
    ///   - tls: serve TLS as well as plain TCP, with a fresh self-signed certificate for 127.0.0.1
    ///     (``certificate``), so clients can be tried with every `sslmode`.
    ///   - settings: extra server settings (`-c name=value`; values without spaces).
    public static func start(durable: Bool = false, tls: Bool = false,
                             settings: [String: String] = [:]) async throws -> PostgresTestCluster {
        guard let binDirectory else {
            throw Failure("""
                PostgreSQL server binaries not found (no initdb in $MINERKIT_POSTGRES_BIN or \
                /usr/lib/postgresql/*/bin): run scripts/setup.sh, which installs Debian's postgresql package
                """)
        }
        let tool = PostgresTool(binDirectory: binDirectory, serverUser: getuid() == 0 ? "postgres" : nil)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("minerkit-pg-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        do {
            if let user = tool.serverUser { try handOver(directory, to: user) }
            let log = directory.appendingPathComponent("tools.log")
            try await tool.run("initdb", ["-D", directory.appendingPathComponent("data").path, "-U", "postgres",
                                          "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], log: log)
            var settings = settings
            if tls {
                try makeCertificate(in: directory.appendingPathComponent("data"), owner: tool.serverUser)
                settings["ssl"] = "on"
            }
            settings["fsync"] = settings["fsync"] ?? (durable ? "on" : "off")
            settings["synchronous_commit"] = settings["synchronous_commit"] ?? (durable ? "on" : "off")
            settings["max_connections"] = settings["max_connections"] ?? "300"
            settings["listen_addresses"] = "127.0.0.1"
            settings["unix_socket_directories"] = directory.path
            // The kernel's free port can be taken before the server binds it: try a few.
            var lastError: (any Error)?
            for _ in 0..<3 {
                let port = try LoopbackPort.free()
                settings["port"] = String(port)
                let arguments = ["-D", directory.appendingPathComponent("data").path]
                    + settings.sorted { $0.key < $1.key }.flatMap { ["-c", "\($0.key)=\($0.value)"] }
                let server = try tool.launch("postgres", arguments, log: directory.appendingPathComponent("server.log"))
                do {
                    try await waitUntilReady(server, directory: directory)
                    return PostgresTestCluster(port: port, directory: directory, tool: tool, serverArguments: arguments)
                } catch {
                    lastError = error
                }
            }
            throw lastError ?? Failure("the server did not start")
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Waits until the server accepts connections: its `postmaster.pid` says `ready` (line 8). Fails
    /// with the server log's tail when the server exits first or takes more than a minute.
    private static func waitUntilReady(_ server: ChildProcess, directory: URL) async throws {
        let pidFile = directory.appendingPathComponent("data/postmaster.pid")
        for _ in 0..<600 {
            let lines = ((try? String(contentsOf: pidFile, encoding: .utf8)) ?? "").split(separator: "\n")
            if lines.count >= 8, lines[7].trimmingCharacters(in: .whitespaces) == "ready" { return }
            guard server.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.signal(SIGTERM)
        let log = (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
        throw Failure("the server did not become ready; last log lines:\n"
                      + log.split(separator: "\n").suffix(15).joined(separator: "\n"))
    }

    /// Creates an empty database and returns its URL, `postgres://postgres@127.0.0.1:PORT/NAME`.
    /// - Parameter name: the database name; a fresh `t_<n>` when `nil`.
    public func createDatabase(named name: String? = nil) async throws -> String {
        let name = name ?? "t_\(databases.withLock { count in count += 1; return count })"
        try await tool.run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name],
                           log: directory.appendingPathComponent("tools.log"), asServer: false)
        return url(database: name)
    }

    /// Runs a client tool of this server's installation (`psql`, `pgbench`) and returns what it printed;
    /// for benchmarks and scripts. A failing tool throws with its last output.
    public func runClient(_ tool: String, _ arguments: [String]) async throws -> String {
        let log = directory.appendingPathComponent("\(tool)-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        try await self.tool.run(tool, arguments, log: log, asServer: false)
        return (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }

    /// The URL of database `name` on this cluster.
    public func url(database name: String) -> String { "postgres://postgres@127.0.0.1:\(port)/\(name)" }

    /// Stops the server (fast shutdown: open sessions are ended) but keeps its data, for outage tests:
    /// ``restart()`` brings it back.
    public func stopServer() async throws {
        try await tool.run("pg_ctl", stopArguments, log: directory.appendingPathComponent("tools.log"))
    }

    /// Starts the server stopped by ``stopServer()`` again, on the same data and port, and returns once
    /// it accepts connections.
    public func restart() async throws {
        let server = try tool.launch("postgres", serverArguments, log: directory.appendingPathComponent("server.log"))
        try await Self.waitUntilReady(server, directory: directory)
    }

    /// Stops the server (fast shutdown: open sessions are ended) and removes its folder.
    public func stop() async throws {
        try await tool.run("pg_ctl", stopArguments, log: directory.appendingPathComponent("tools.log"))
        try FileManager.default.removeItem(at: directory)
    }

    private var stopArguments: [String] {
        ["-D", directory.appendingPathComponent("data").path, "-w", "-m", "fast", "stop"]
    }

    // MARK: One per process

    private static let sharedStart = Mutex<Task<PostgresTestCluster, any Error>?>(nil)
    private static let sharedCluster = Mutex<PostgresTestCluster?>(nil)

    /// The cluster this process shares across tests, started on first use and stopped when the process
    /// exits. Fast settings (no fsync), `deadlock_timeout` 100 ms so deadlock tests end quickly.
    public static func shared() async throws -> PostgresTestCluster {
        let task = sharedStart.withLock { task in
            if let task { return task }
            let started = Task {
                let cluster = try await start(settings: ["deadlock_timeout": "100ms"])
                sharedCluster.withLock { $0 = cluster }
                atexit { PostgresTestCluster.stopShared() }
                return cluster
            }
            task = started
            return started
        }
        return try await task.value
    }

    private static func stopShared() {
        guard let cluster = sharedCluster.withLock({ $0 }) else { return }
        try? cluster.tool.runBlocking("pg_ctl", cluster.stopArguments,
                                      log: cluster.directory.appendingPathComponent("tools.log"))
        try? FileManager.default.removeItem(at: cluster.directory)
    }

    /// Gives `directory` to `user` (the server's data must belong to the account that runs it).
    private static func handOver(_ directory: URL, to user: String) throws {
        guard let account = getpwnam(user) else {
            throw Failure("there is no '\(user)' user to run the server as root (Debian's postgresql package creates it)")
        }
        guard chown(directory.path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
            throw Failure("cannot give \(directory.path) to \(user): errno \(errno)")
        }
    }
}

/// A test's own cluster is scoped with ``withStarted(_:_:)``: stopped and removed when the test ends.
extension PostgresTestCluster: StoppableService {}
