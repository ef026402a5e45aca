import AsyncHTTPClient
import Foundation
import MinerKitHTTP
import NIOCore
import NIOHTTP1
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A server at its connection limit closes the connection idle the longest to admit a new one, so a
/// health check gets in at once instead of waiting out `--idle-timeout`; a connection with a request in
/// progress is never the one closed.
@Suite("Connections at the limit")
struct ConnectionEvictionTests {
    @Test(.timeLimit(.minutes(3)))
    func theLongestIdleConnectionMakesRoomAndABusyOneIsNeverClosed() async throws {
        let (entered, enter) = AsyncStream<Void>.makeStream()
        let (releases, release) = AsyncStream<Void>.makeStream()
        let router = APIRouter(groups: [HoldRoutes(enter: enter, releases: releases)])
        // The idle timeout is far longer than the test may take: only an eviction lets /health in.
        let limits = ConnectionLimits(idleTimeout: .seconds(300), maxConnections: 4)
        let server = try await APIServer.start(router: router, configuration: .init(limits: limits), isolated: true)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var idle: [Int32] = []
        let outcome: Result<Void, any Error>
        do {
            // The oldest connection has a request in the route, held until the end.
            let held = Task { try await Self.status(client, server, .POST, "/hold") }
            for await _ in entered { break }
            // Four connections that send nothing fill the limit (the busy one makes five).
            for _ in 0..<4 { idle.append(try LoopbackSockets.idleConnection(to: server.port)) }
            let started = ContinuousClock.now
            let health = try await Self.status(client, server, .GET, "/health")
            #expect(health == 200, "GET /health at the connection limit answered \(health)")
            print("GET /health at the limit answered in \(ContinuousClock.now - started)")
            #expect(LoopbackSockets.closedByPeer(idle[0], within: 5), "the connection idle the longest was closed")
            release.yield()
            #expect(try await held.value == 200, "the busy connection, the oldest, kept its request and got its answer")
            outcome = .success(())
        } catch {
            release.yield()
            outcome = .failure(error)
        }
        for descriptor in idle { close(descriptor) }
        try? await client.shutdown()
        await server.stop()
        try outcome.get()
    }

    /// One exchange on `client`; slower than 20 s fails (an idle timeout would take 300 s).
    private static func status(_ client: HTTPClient, _ server: RunningAPIServer, _ method: HTTPMethod, _ path: String) async throws -> Int {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = method
        let response = try await client.execute(request, timeout: .seconds(20))
        _ = try await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }
}

/// `/health`, and `/hold`, which tells the test it has begun and answers once the test releases it.
private struct HoldRoutes: RouteGroup {
    let enter: AsyncStream<Void>.Continuation
    let releases: AsyncStream<Void>

    func register(on router: APIRouter) {
        router.get("/health") { _, _ in APIJSON.response(["status": "ok"]) }
        router.post("/hold") { [enter, releases] _, _ in
            enter.yield()
            for await _ in releases { break }
            return APIJSON.response(["status": "released"])
        }
    }
}
