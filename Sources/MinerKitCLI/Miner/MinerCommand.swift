import ArgumentParser
import Foundation
import Logging
import MinerKit
import MinerKitHTTP
import ServiceLifecycle

/// `minerkit miner ...`: run a miner against a coordinator.
struct MinerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "miner", abstract: "Run a miner.", subcommands: [Run.self])

    /// `minerkit miner run`: register, then lease and run audio jobs until SIGTERM/SIGINT.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work audio jobs for a coordinator until SIGTERM/SIGINT (in-flight jobs finish first).")

        @Option(help: "Coordinator base URL.") var coordinator: String = "http://127.0.0.1:8001"
        @Option(help: "Credentials file: read if it exists, else created (mode 0600) at first registration.")
        var key: String
        @Option(help: "Model folder (config.yaml + model.safetensors).") var model: String = "Models/speech-enhancer"
        @Option(help: "Jobs worked at once.") var concurrency: Int = 1
        @Option(help: "Name shown to the coordinator.") var name: String?
        @Option(help: "Seconds between heartbeats (they renew leases).") var heartbeat: Double = 10
        @Option(help: "Seconds in-flight jobs get to finish on shutdown.") var grace: Double = 30
        @Option(help: ArgumentHelp(
            "Tries per request before a transient failure (refused connection, no answer, 5xx, 429) is final; 0 = until stopped.",
            discussion: "Each refused try fails at once; with the defaults a miner whose coordinator is down stops within about 10 s."))
        var attempts: Int = RetryPolicy().maxAttempts
        @Option(help: ArgumentHelp("Seconds one request may take: connecting, sending and reading the whole reply (a poll: its wait plus this).",
                                   discussion: "A coordinator that accepts connections and never answers fails each try after this long."))
        var timeout: Double = 5
        @Option(help: ArgumentHelp("Seconds after which a request and its retries give up, whatever --attempts says (registration: the miner stops).",
                                   discussion: "With the defaults a miner whose coordinator does not answer stops within 30 s; ignored with --attempts 0."))
        var giveUpAfter: Double = 30

        func validate() throws {
            guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1...64") }
            guard heartbeat > 0, grace >= 0 else { throw ValidationError("--heartbeat must be > 0 and --grace >= 0") }
            guard attempts >= 0 else { throw ValidationError("--attempts must be 0 (until stopped) or more") }
            guard timeout > 0, timeout <= 3600, giveUpAfter > 0 else {
                throw ValidationError("--timeout must be more than 0 and at most 3600 seconds, --give-up-after more than 0")
            }
            // The key issued at first registration is shown once: stop before registering if it cannot be saved.
            if !FileManager.default.fileExists(atPath: key) {
                let folder = (key as NSString).deletingLastPathComponent.isEmpty ? "." : (key as NSString).deletingLastPathComponent
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue,
                      FileManager.default.isWritableFile(atPath: folder) else {
                    throw ValidationError("--key \(key): the folder \(folder) does not exist or is not writable, so the "
                                          + "credentials issued at registration could not be saved; create it first")
                }
            }
        }

        func run() async throws {
            var logger = Logger(label: "minerkit.miner")
            logger.logLevel = .info
            let handler = try AudioJobHandler(modelDirectory: URL(fileURLWithPath: model), threads: concurrency)
            let saved = FileManager.default.fileExists(atPath: key) ? try MinerCredentialFile.load(from: key) : nil
            let path = key
            let log = logger
            let transport = HTTPMinerTransport(coordinatorURL: coordinator, credentials: saved, httpClient: .failFast,
                                               requestTimeout: .seconds(timeout)) { issued in
                do {
                    try issued.save(to: path)
                    log.info("credentials saved", metadata: ["file": "\(path)", "miner_id": "\(issued.minerID)"])
                } catch {
                    log.error("could not save credentials: \(error)")
                }
            }
            let runtime = MinerRuntime(
                transport: transport, handlers: HandlerRegistry([AudioJobHandler.model: handler]),
                configuration: MinerRuntimeConfiguration(minerID: saved?.minerID, name: name, maxConcurrent: concurrency,
                                                         heartbeatInterval: heartbeat,
                                                         retry: RetryPolicy(maxAttempts: attempts == 0 ? .max : attempts,
                                                                            giveUpAfter: attempts == 0 ? nil : giveUpAfter),
                                                         shutdownGrace: grace),
                onEvent: { Self.log($0, to: log) })
            let group = ServiceGroup(services: [MinerRuntimeService(runtime: runtime)],
                                     gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            try await group.run()
        }

        /// One log line per runtime event (ids and reasons only, never credentials).
        static func log(_ event: MinerRuntimeEvent, to logger: Logger) {
            switch event {
            case .registered(let id): logger.info("registered", metadata: ["miner_id": "\(id)"])
            case .leased(let job, let token): logger.info("leased", metadata: ["job": "\(job)", "token": "\(token)"])
            case .completed(let job, let receipt): logger.info("completed", metadata: ["job": "\(job)", "receipt": "\(receipt)"])
            case .refused(let job, let code, let detail):
                logger.warning("result refused", metadata: ["job": "\(job)", "code": "\(code)", "detail": "\(detail)"])
            case .failed(let job, let reason, let retryable):
                logger.warning("job failed", metadata: ["job": "\(job)", "reason": "\(reason)", "retryable": "\(retryable)"])
            case .retrying(let operation, let attempt, let delay, let error):
                logger.notice("retrying", metadata: ["operation": "\(operation)", "attempt": "\(attempt)",
                                                     "delay_s": "\(String(format: "%.2f", delay))", "error": "\(error)"])
            case .heartbeatFailed(let error): logger.notice("heartbeat failed", metadata: ["error": "\(error)"])
            case .stopped(let completed): logger.info("stopped", metadata: ["completed": "\(completed)"])
            }
        }
    }
}
