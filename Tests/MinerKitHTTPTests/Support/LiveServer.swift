import Logging
import MinerKitHTTP
import MinerKitTesting

extension RunningAPIServer: StoppableService {}

/// Serves `router` on 127.0.0.1 (a free port) for the length of `body`, and returns only once the server
/// has shut down gracefully (requests in flight answered, an isolated server's threads joined), whether
/// `body` returned or threw: a server never outlives its test.
func withLiveServer<T>(router: APIRouter, configuration: APIServerConfiguration = APIServerConfiguration(),
                       logger: Logger? = nil, isolated: Bool = false,
                       _ body: (RunningAPIServer) async throws -> T) async throws -> T {
    try await withStarted({
        try await APIServer.start(router: router, configuration: configuration, logger: logger, isolated: isolated)
    }, body)
}
