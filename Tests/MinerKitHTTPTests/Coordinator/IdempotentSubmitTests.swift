import AsyncHTTPClient
import Foundation
import Hummingbird
import MinerKit
import MinerKitHTTP
import NIOCore
import Synchronization
import Testing

/// `Idempotency-Key` on `POST /v1/jobs`, over HTTP on a SQLite coordinator: a submit whose reply was
/// lost and that the client retries with its key makes one job; the key with another body is 422.
@Suite struct IdempotentSubmitTests {
    /// A gateway in front of the coordinator that forwards `POST /v1/jobs` and loses the first reply: the
    /// coordinator stored the job, the client sees 503, as behind a proxy whose upstream read timed out.
    final class LossyGateway: RouteGroup, Sendable {
        let upstream: String
        /// Requests forwarded so far.
        let forwarded = Mutex(0)

        init(upstream: String) { self.upstream = upstream }

        func register(on router: APIRouter) {
            router.post("/v1/jobs") { request, _ in
                var forward = HTTPClientRequest(url: self.upstream + "/v1/jobs")
                forward.method = .POST
                for field in request.headers where ["x-api-key", "idempotency-key", "content-type"].contains(field.name.canonicalName) {
                    forward.headers.add(name: field.name.rawName, value: field.value)
                }
                forward.body = .bytes(try await request.body.collect(upTo: 1 << 20))
                let reply = try await HTTPClient.shared.execute(forward, timeout: .seconds(30))
                let body = try await reply.body.collect(upTo: 1 << 20)
                let count = self.forwarded.withLock { count in
                    count += 1
                    return count
                }
                guard count > 1 else {
                    throw MinerKitError(.unavailable, code: "gateway_timeout", "the upstream reply was lost")
                }
                return Response(status: .init(code: Int(reply.status.code)), body: .init(byteBuffer: body))
            }
        }
    }

    /// Runs `body` with a live coordinator on a fresh SQLite file and stops it before returning.
    static func withSQLiteCoordinator<T>(_ body: (LiveCoordinator) async throws -> T) async throws -> T {
        try await LiveCoordinator.serving(store: try SQLiteStore(path: temporaryPath("idempotency.sqlite")), body)
    }

    static func jobCount(_ live: LiveCoordinator) async throws -> Int {
        try await live.coordinator.store.read { try await $0.jobCount(state: nil) }
    }

    @Test func aSubmitRetriedAfterALostReplyMakesOneJob() async throws {
        try await Self.withSQLiteCoordinator { live in
            let gateway = LossyGateway(upstream: live.server.baseURL)
            try await withLiveServer(router: APIRouter(groups: [gateway])) { server in
                let client = CoordinatorClient(baseURL: server.baseURL, apiKey: live.clientKey)
                let key = IdempotencyKey.random()
                let job = try await client.submit(JobRequestBody(prompt: "once", model: "echo"), idempotencyKey: key,
                                                  attempts: 3, backoff: .milliseconds(1))
                #expect(gateway.forwarded.withLock { $0 } == 2)
                #expect(try await Self.jobCount(live) == 1)
                #expect(try await live.coordinator.store.read { try await $0.job(id: job.jobID) }?.input == "once")
            }
        }
    }

    @Test func theKeyReturnsTheFirstJobAndRefusesAnotherBody() async throws {
        try await Self.withSQLiteCoordinator { live in
            let headers = live.client.merging(["Idempotency-Key": "\"order-42\""]) { $1 }
            let first = try await live.send(.POST, "/v1/jobs", headers: headers, json: ["prompt": "hi"])
            #expect(first.status == 201 && first.headers.first(name: "Idempotent-Replayed") == nil)
            let id = try #require(first.json["job_id"]?.stringValue)

            // The same request written differently (the default model spelled out, the key as a token) again.
            let again = try await live.send(.POST, "/v1/jobs", headers: live.client.merging(["Idempotency-Key": "order-42"]) { $1 },
                                            raw: #"{ "model": "llama3.2", "prompt": "hi" }"#)
            #expect(again.status == 201 && again.json["job_id"]?.stringValue == id)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")

            let other = try await live.send(.POST, "/v1/jobs", headers: headers, json: ["prompt": "bye"])
            #expect(other.status == 422 && other.errorCode == "idempotency_key_reused", "\(String(decoding: other.body, as: UTF8.self))")
            #expect(other.json["detail"]?.stringValue?.contains(id) == true)

            // Keys are the client's own: another client's identical key makes its own job.
            let (_, secondKey) = try await live.coordinator.createClientKey(name: "second")
            let theirs = try await live.send(.POST, "/v1/jobs", headers: ["X-Api-Key": secondKey.text, "Idempotency-Key": "order-42"],
                                             json: ["prompt": "hi"])
            #expect(theirs.status == 201 && theirs.json["job_id"]?.stringValue != id)

            let bad = try await live.send(.POST, "/v1/jobs", headers: live.client.merging(["Idempotency-Key": String(repeating: "k", count: 256)]) { $1 },
                                          json: ["prompt": "hi"])
            #expect(bad.status == 400 && bad.errorCode == "invalid_idempotency_key")
            #expect(try await Self.jobCount(live) == 2)

            // Kept a day; the maintenance pass then deletes it and the key is free again.
            live.clock.advance(by: Coordinator.idempotencyKeyLifetime - 1)
            try await live.coordinator.maintain()
            let withinADay = try await live.send(.POST, "/v1/jobs", headers: headers, json: ["prompt": "hi"])
            #expect(withinADay.json["job_id"]?.stringValue == id)
            live.clock.advance(by: 2)
            try await live.coordinator.maintain()
            let afterADay = try await live.send(.POST, "/v1/jobs", headers: headers, json: ["prompt": "bye"])
            #expect(afterADay.status == 201 && afterADay.json["job_id"]?.stringValue != id)
        }
    }
}
