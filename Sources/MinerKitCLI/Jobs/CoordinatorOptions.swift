import ArgumentParser
import Foundation

/// Where the coordinator is and which client key to use; defaults come from the environment.
struct CoordinatorOptions: ParsableArguments {
    @Option(help: "Coordinator base URL (env MINERKIT_COORDINATOR).")
    var coordinator: String = ProcessInfo.processInfo.environment["MINERKIT_COORDINATOR"] ?? "http://127.0.0.1:8001"

    @Option(name: .customLong("api-key"), help: "Client API key (env MINERKIT_API_KEY; keeps it out of the process list).")
    var apiKeyOption: String?

    /// The key from `--api-key`, else from `MINERKIT_API_KEY`.
    var apiKey: String? { apiKeyOption ?? ProcessInfo.processInfo.environment["MINERKIT_API_KEY"] }
}
