import AsyncHTTPClient
import Foundation
import Logging
import MinerKit
import MinerKitHTTP
import MinerKitTesting
import NIOCore
import NIOHTTP1

/// A coordinator served over real HTTP on 127.0.0.1 (a free port), with a client key ready. The server
/// is isolated (threads of its own): CPU-bound tests in this process can hold the shared event loops and
/// both cooperative-pool threads for seconds, and clients with timeouts (the AITBC client's 5 s long
/// poll) must not see the server stall.
final class LiveCoordinator: StoppableService {
    let coordinator: Coordinator
    let server: RunningAPIServer
    let clock: ManualTimeSource
    let clientKey: String
    let clientID: String

    /// Runs `body` against a fresh coordinator (in-memory store unless `store` is given) on a manual
    /// clock, served until `body` returns or throws; the server has stopped (requests in flight answered)
    /// before this returns. `logger` (default: warnings only) is the server's.
    static func serving<T>(store: (any Store)? = nil, configuration: CoordinatorConfiguration = .init(rateLimits: .off),
                           maxBodyBytes: Int = CoordinatorAPI.defaultMaxBodyBytes, logger: Logger? = nil,
                           _ body: (LiveCoordinator) async throws -> T) async throws -> T {
        try await withStarted({
            try await start(store: store, configuration: configuration, maxBodyBytes: maxBodyBytes, logger: logger)
        }, body)
    }

    private static func start(store: (any Store)?, configuration: CoordinatorConfiguration, maxBodyBytes: Int,
                              logger: Logger?) async throws -> LiveCoordinator {
        let clock = ManualTimeSource(start: Date())
        let coordinator = Coordinator(store: store ?? InMemoryStore(), keyPair: .generate(), clock: clock,
                                      configuration: configuration)
        let (record, key) = try await coordinator.createClientKey(name: "tests")
        var quiet = Logger(label: "coordinator-tests")
        quiet.logLevel = .warning
        let server = try await APIServer.start(router: CoordinatorAPI.router(coordinator: coordinator, maxBodyBytes: maxBodyBytes),
                                               logger: logger ?? quiet, isolated: true)
        return LiveCoordinator(coordinator: coordinator, server: server, clock: clock, clientKey: key.text, clientID: record.id)
    }

    private init(coordinator: Coordinator, server: RunningAPIServer, clock: ManualTimeSource, clientKey: String, clientID: String) {
        self.coordinator = coordinator
        self.server = server
        self.clock = clock
        self.clientKey = clientKey
        self.clientID = clientID
    }

    /// Stops the server; ``serving(store:configuration:maxBodyBytes:logger:_:)`` calls it when its body ends.
    func stop() async { await server.stop() }

    /// Long polls waiting for work right now (the in-process ``JobSignal``'s waiters): a test that
    /// submits "while a miner waits" waits for this count, not for a fixed time.
    var waitingPolls: Int { (coordinator.coordination.wakeUps as? JobSignal)?.waiterCount ?? 0 }

    /// One HTTP exchange.
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data

        /// The body as JSON.
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: body)) ?? .null }
        /// `error_code` of an error body.
        var errorCode: String? { json["error_code"]?.stringValue }

        func decode<T: Decodable>(_ type: T.Type) throws -> T { try APIJSON.decoder().decode(T.self, from: body) }
    }

    /// Sends `method path` with `headers` and a JSON `body` (a `JSONValue` or raw text).
    func send(_ method: HTTPMethod, _ path: String, headers: [String: String] = [:], json: JSONValue? = nil,
              raw: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let text = raw ?? json?.jsonString() {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: text))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: body))
    }

    /// Headers of the test client.
    var client: [String: String] { ["X-Api-Key": clientKey] }

    /// Submits a prompt job as the test client; returns its id.
    func submit(prompt: String = "hello", model: String = "llama3.2", price: Double = 1) async throws -> String {
        let reply = try await send(.POST, "/v1/jobs", headers: client,
                                   json: ["prompt": .string(prompt), "model": .string(model), "price": .number(price)])
        guard reply.status == 201, let id = reply.json["job_id"]?.stringValue else {
            throw MinerKitError(.internal, code: "submit_failed", "submit returned \(reply.status): \(String(decoding: reply.body, as: UTF8.self))")
        }
        return id
    }

    /// Registers a miner through `/v1/miners/register`; returns its headers (`X-Miner-ID`, `X-Api-Key`).
    func registerMiner(_ id: String, capabilities: [String] = ["llama3.2"], concurrency: Int = 4) async throws -> [String: String] {
        let reply = try await send(.POST, "/v1/miners/register", json: [
            "miner_id": .string(id), "capabilities": .array(capabilities.map(JSONValue.string)),
            "concurrency": .number(Double(concurrency)), "gpu_info": ["name": "RTX 4090", "memory": "24GB"],
        ])
        guard reply.status == 201, let key = reply.json["api_key"]?.stringValue else {
            throw MinerKitError(.internal, code: "register_failed", "register returned \(reply.status)")
        }
        return ["X-Miner-ID": id, "X-Api-Key": key]
    }
}
