import AsyncHTTPClient
import Foundation
import Logging
import MinerKit
import MinerKitHTTP
import MinerKitTesting
import NIOCore
import NIOHTTP1

/// A coordinator serving its API and console on 127.0.0.1 (a free port), with real traffic: two
/// clients' jobs, miners that claim and complete some of them over HTTP, a cancelled job, and the
/// receipts sealed into blocks of three.
final class ConsoleFixture: StoppableService {
    let coordinator: Coordinator
    let server: RunningAPIServer
    /// Client A's key and id (most jobs), client B's key.
    let clientKey: String
    let clientID: String
    let otherClientKey: String
    /// A marker in the model name of client A's jobs: it must never reach an anonymous visitor.
    static let privateModel = "private-model-7f3a"

    private init(coordinator: Coordinator, server: RunningAPIServer, clientKey: String, clientID: String, otherClientKey: String) {
        self.coordinator = coordinator
        self.server = server
        self.clientKey = clientKey
        self.clientID = clientID
        self.otherClientKey = otherClientKey
    }

    var baseURL: String { server.baseURL }

    /// Starts the coordinator's server, with no traffic yet.
    private static func start() async throws -> ConsoleFixture {
        let coordinator = Coordinator(store: InMemoryStore(), keyPair: .generate(),
                                      configuration: CoordinatorConfiguration(rateLimits: .off, blockSize: 3))
        let (record, key) = try await coordinator.createClientKey(name: "alice")
        let (_, other) = try await coordinator.createClientKey(name: "bob")
        var quiet = Logger(label: "console-tests")
        quiet.logLevel = .warning
        let server = try await APIServer.start(router: CoordinatorAPI.routerWithConsole(coordinator: coordinator), logger: quiet)
        return ConsoleFixture(coordinator: coordinator, server: server, clientKey: key.text, clientID: record.id,
                              otherClientKey: other.text)
    }

    /// Stops the server; ``serving(traffic:_:)`` calls it when its body ends.
    func stop() async { await server.stop() }

    /// Runs `body` against a fresh fixture (after the traffic described above, unless `traffic` is
    /// false) and returns once its server has stopped, whether `body` or the traffic returned or threw.
    static func serving<T>(traffic: Bool = true, _ body: (ConsoleFixture) async throws -> T) async throws -> T {
        try await withStarted(start) { fixture in
            if traffic { try await fixture.runTraffic() }
            return try await body(fixture)
        }
    }

    /// Eight jobs of client A and two of client B; two miners complete six of A's over HTTP; one of A's
    /// is cancelled; receipts are sealed. A third miner, stored with a name full of markup, has done
    /// nothing (pages must escape it).
    func runTraffic() async throws {
        var ids: [String] = []
        for index in 0..<8 { ids.append(try await submit(key: clientKey, prompt: "job \(index)", model: Self.privateModel)) }
        for index in 0..<2 { _ = try await submit(key: otherClientKey, prompt: "other \(index)", model: Self.privateModel) }
        let miners = [("m-alpha", try await registerMiner("m-alpha")), ("m-beta", try await registerMiner("m-beta"))]
        for (index, id) in ids.prefix(6).enumerated() {
            let (minerID, headers) = miners[index % 2]
            let claim = try await send(.POST, "/v1/jobs/\(id)/claim", headers: headers, json: ["miner_id": .string(minerID)])
            guard claim.status == 200 else { throw MinerKitError(.internal, code: "claim_failed", "claim \(claim.status)") }
            let done = try await send(.POST, "/v1/jobs/\(id)/complete", headers: headers,
                                      json: ["miner_id": .string(minerID), "result": .string("result \(index)")])
            guard done.status == 200 else { throw MinerKitError(.internal, code: "complete_failed", "complete \(done.status)") }
        }
        let cancel = try await send(.POST, "/v1/jobs/\(ids[6])/cancel", headers: ["X-Api-Key": clientKey])
        guard cancel.status == 200 else { throw MinerKitError(.internal, code: "cancel_failed", "cancel \(cancel.status)") }
        _ = try await coordinator.sealPendingReceipts()
        let now = coordinator.clock.now()
        try await coordinator.store.write { db in
            try await db.save(Miner(id: "m-markup", name: "<script>alert('x')</script>&co", capabilities: ["llama3.2"],
                                    registeredAt: now))
        }
    }

    /// One HTTP exchange.
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: body)) ?? .null }
    }

    /// Sends `method path` with `headers` and a JSON `body` or a form body; redirects are not followed.
    func send(_ method: HTTPMethod, _ path: String, headers: [String: String] = [:], json: JSONValue? = nil,
              form: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let text = json?.jsonString() {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: text))
        } else if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await Self.client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: body))
    }

    /// `GET url` (any server), redirects not followed.
    static func get(_ url: String) async throws -> Reply {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: body))
    }

    /// A client that shows redirects as they are.
    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    func submit(key: String, prompt: String, model: String) async throws -> String {
        let reply = try await send(.POST, "/v1/jobs", headers: ["X-Api-Key": key],
                                   json: ["prompt": .string(prompt), "model": .string(model), "price": 1.5])
        guard reply.status == 201, let id = reply.json["job_id"]?.stringValue else {
            throw MinerKitError(.internal, code: "submit_failed", "submit returned \(reply.status): \(reply.text)")
        }
        return id
    }

    func registerMiner(_ id: String) async throws -> [String: String] {
        let reply = try await send(.POST, "/v1/miners/register", json: [
            "miner_id": .string(id), "capabilities": [.string(Self.privateModel)], "concurrency": 4,
        ])
        guard reply.status == 201, let key = reply.json["api_key"]?.stringValue else {
            throw MinerKitError(.internal, code: "register_failed", "register returned \(reply.status): \(reply.text)")
        }
        return ["X-Miner-ID": id, "X-Api-Key": key]
    }
}

extension JSONValue {
    /// The items of an array (`nil` for anything else).
    var consoleItems: [JSONValue]? { if case .array(let items) = self { return items }; return nil }
}
