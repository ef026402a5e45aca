import ArgumentParser
import Foundation
import MinerKitHTTP

/// Where the coordinator is and which client key to use; defaults come from the environment.
struct CoordinatorOptions: ParsableArguments {
    @Option(help: "Coordinator base URL (env MINERKIT_COORDINATOR).")
    var coordinator: String = ProcessInfo.processInfo.environment["MINERKIT_COORDINATOR"] ?? "http://127.0.0.1:8001"

    @Option(name: .customLong("api-key"), help: "Client API key (env MINERKIT_API_KEY; keeps it out of the process list).")
    var apiKeyOption: String?

    @Option(help: ArgumentHelp("Seconds one request may take: connecting, sending and reading the whole reply.",
                               discussion: "A coordinator that refuses the connection fails the command at once; one that accepts it and does not answer fails it after this long."))
    var timeout: Double = 5

    /// The key from `--api-key`, else from `MINERKIT_API_KEY`.
    var apiKey: String? { apiKeyOption ?? ProcessInfo.processInfo.environment["MINERKIT_API_KEY"] }

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be more than 0 and at most 3600 seconds") }
    }

    /// A client of the coordinator with these options (fail-fast connections, `--timeout` per request).
    var client: CoordinatorClient {
        CoordinatorClient(baseURL: coordinator, apiKey: apiKey, httpClient: .failFast, timeout: .seconds(timeout))
    }
}
