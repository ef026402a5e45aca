import MinerKit
import NIOPosix

/// The threads of an isolated server (``APIServer/start(router:configuration:logger:isolated:)``).
final class ServerThreads: Sendable {
    let loops: MultiThreadedEventLoopGroup
    let tasks: ThreadPoolExecutor

    init(name: String) {
        loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        tasks = ThreadPoolExecutor(name: name, threads: 2)
    }

    func shutdown() async {
        try? await loops.shutdownGracefully()
        tasks.shutdown()
    }
}
