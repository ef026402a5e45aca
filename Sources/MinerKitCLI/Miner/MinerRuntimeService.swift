import MinerKit
import ServiceLifecycle

/// Runs a ``MinerRuntime`` as a lifecycle service: a graceful shutdown (SIGTERM, SIGINT) stops leasing,
/// lets in-flight jobs finish within the grace period, then releases what is left.
struct MinerRuntimeService: Service {
    let runtime: MinerRuntime

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await runtime.run()
        } onGracefulShutdown: {
            runtime.shutdown()
        }
    }
}
