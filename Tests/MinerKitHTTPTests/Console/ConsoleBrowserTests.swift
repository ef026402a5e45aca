import Foundation
import Logging
import MinerKit
import MinerKitHTTP
import MinerKitTesting
import Testing

/// Whether the browser test can run here: Chromium, its driver and Python's selenium
/// (`scripts/setup.sh` installs them).
private let browserAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") && PythonProcess.canImport("selenium")
/// On CI a missing browser is a failure, not a skip.
private let browserRequired = ProcessInfo.processInfo.environment["CI"] != nil

/// The coordinator and pool consoles in a real browser: headless Chromium driven by selenium
/// (`Tests/PythonClients/console_browser_check.py`) against servers on 127.0.0.1 with real traffic.
/// Full-page screenshots land in `test-output/console/` (ignored by git).
@Suite("Console in a real browser")
struct ConsoleBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let script = root.appendingPathComponent("Tests/PythonClients/console_browser_check.py").path
    static let output = root.appendingPathComponent("test-output/console")

    /// Every check the script must report (a check that did not run is a failure too).
    static let expectedChecks = [
        "chromium started", "overview shows the API's totals", "overview updates live without reloading",
        "overview fits a phone's width", "blocks page lists the API's blocks", "block page equals the API's block",
        "a real receipt shows valid", "receipt page equals the API's receipt", "a tampered receipt shows invalid",
        "the browser checked the signature with WebCrypto", "a real receipt shows valid with the built-in verifier",
        "a tampered receipt shows invalid with the built-in verifier",
        "the untampered receipt pasted shows valid", "miners page counts equal the ledger",
        "a miner name full of markup is shown as text", "each miner's id is shown beside its name", "search finds receipts", "search finds blocks",
        "search finds miners", "an anonymous visitor cannot read a client's jobs",
        "an anonymous visitor cannot read a job page", "with the client's key the jobs page lists the API's jobs",
        "the key is not written into the page", "job page equals the API's job", "lists read with JavaScript off",
        "a page on another origin cannot sign the visitor out", "signing out from the console ends the session",
        "a page on another origin cannot sign the visitor in", "the cookies hold no key",
        "pool window and time left equal /health", "pool leaderboard equals the API's", "pool SOTA equals the API's",
        "pool shows SOTA history and consensus outcomes", "pool page updates live",
    ]

    @Test(.enabled(if: browserAvailable || browserRequired, "chromium, chromium-driver or selenium is missing (scripts/setup.sh)"),
          .timeLimit(.minutes(5)))
    func coordinatorAndPoolConsolesInChromium() async throws {
        try #require(browserAvailable, "chromium, chromium-driver and Python selenium are required on CI: run scripts/setup.sh")
        try? FileManager.default.removeItem(at: Self.output)
        try await ConsoleFixture.serving { coordinator in
            let outcome = try await PoolConsoleFixture.serving { pool in
                try await PythonProcess.run(
                    [Self.script, coordinator.baseURL, pool.server.baseURL, coordinator.clientKey, Self.output.path],
                    timeout: .seconds(240))
            }
            try #require(outcome.status == 0, "the browser script failed (\(outcome.status)): \(outcome.errors.suffix(3000))")
            let report = try JSONDecoder().decode(JSONValue.self, from: outcome.output)
            var seen = Set<String>()
            for check in report["checks"]?.consoleItems ?? [] {
                let name = check["name"]?.stringValue ?? "?"
                seen.insert(name)
                #expect(check["ok"] == .bool(true), "\(name): \(check["detail"]?.stringValue ?? "")")
            }
            for name in Self.expectedChecks { #expect(seen.contains(name), "check did not run: \(name)") }
            let shots = (report["screenshots"]?.consoleItems ?? []).compactMap(\.stringValue)
            #expect(shots.count >= 10)
            for path in shots {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]) && data.count > 2000, "\(path) is a PNG")
            }
        }
    }
}

/// A pool serving its API and console on 127.0.0.1, after real work: six miners lease, evaluate and
/// evolve over eight rounds (30 s apart on the pool's clock) until consensus scores candidates and
/// SOTA rises.
struct PoolConsoleFixture: StoppableService {
    let pool: PoolService
    let server: RunningAPIServer

    /// Runs `body` against a fresh pool after the work described above, and returns once its server has
    /// stopped, whether `body` returned or threw.
    static func serving<T>(_ body: (PoolConsoleFixture) async throws -> T) async throws -> T {
        try await withStarted(start, body)
    }

    private static func start() async throws -> PoolConsoleFixture {
        let clock = ManualTimeSource(start: Date())
        let pool = try await PoolService.open(store: InMemoryPoolStore(), clock: clock)
        let miners = (0..<6).map { "5Console\($0)Miner" }
        for round in 0..<8 {
            for miner in miners {
                let lease = try await pool.lease(hotkey: miner, PoolLeaseTerms(evalBatchSize: 4, seedBatchSize: 2))
                let evaluations = lease.evaluateAlgorithms.map { algorithm in
                    PoolScore(algorithmID: algorithm.id, score: Self.quality(algorithm.dsl))
                }
                let evolutions = lease.seedAlgorithms.prefix(1).map { parent in
                    PoolEvolution(parentIDs: [parent.id], dsl: "child of \(parent.id) r\(round) \(miner)")
                }
                _ = try await pool.submitLease(hotkey: miner, leaseID: lease.assignment.id,
                                               PoolLeaseReport(scores: evaluations, evolutions: Array(evolutions), iterations: 1))
            }
            clock.advance(by: 30)
        }
        let auth = PoolAuth(authenticator: PoolAuth.hotkeyAuthenticator(clock: clock), monitorToken: nil)
        var quiet = Logger(label: "pool-console-tests")
        quiet.logLevel = .warning
        let router = APIRouter(maxBodyBytes: PoolRoutes.maxBodyBytes, groups: [PoolRoutes(pool: pool, auth: auth), PoolConsoleRoutes(pool: pool)])
        return PoolConsoleFixture(pool: pool, server: try await APIServer.start(router: router, logger: quiet))
    }

    /// Stops the server; ``serving(_:)`` calls it when its body ends.
    func stop() async { await server.stop() }

    /// The score every honest evaluator gives an algorithm: a function of its code alone.
    static func quality(_ dsl: String) -> Double {
        0.5 + Double(dsl.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) % 997 }) / 2000
    }
}
