import AsyncHTTPClient
import Foundation
import MinerKit

/// A client of the coordinator's client-facing API: submit, list, get and cancel jobs, read receipts
/// and the coordinator's receipt-signing key. It sends and reads the wire types the server serves
/// (``JobRequestBody``, ``JobBody``, ``MinerKit/Receipt``, ...).
///
/// ```swift
/// let client = CoordinatorClient(baseURL: "http://127.0.0.1:8001", apiKey: key)
/// let job = try await client.submit(JobRequestBody(prompt: "hello", model: "echo"))
/// ```
public struct CoordinatorClient: Sendable {
    public let api: APIClient
    private let apiKey: String?

    /// `timeout` bounds each request: connecting, sending and reading the whole reply (``APIClient/timeout``).
    public init(baseURL: String, apiKey: String?, httpClient: HTTPClient = .shared, timeout: Duration = .seconds(30)) {
        api = APIClient(baseURL: baseURL, httpClient: httpClient, timeout: timeout)
        self.apiKey = apiKey
    }

    private var headers: [(String, String)] { apiKey.map { [("X-Api-Key", $0)] } ?? [] }

    /// `POST /v1/jobs` with a `JobRequest` (`{prompt, model, params}` or `{payload}`); the created job.
    public func submit(_ request: JobRequestBody) async throws -> JobBody {
        try await api.send(.POST, "/v1/jobs", headers: headers, body: request).decode(JobBody.self)
    }

    /// `POST /v1/jobs` with `Idempotency-Key: key`, tried up to `attempts` times while the failure may
    /// have lost the reply (a network error, 502/503/504, 429), each retry after `backoff` times its
    /// number (or the server's `Retry-After`). Every try carries the same key, so the coordinator makes
    /// one job however many tries reached it, and answers a repeat with that job.
    ///
    /// It gives up within ``submitLimit(attempts:backoff:)``: `attempts` tries of ``APIClient/timeout``
    /// each and the backoff between them. A try never runs past that total, and a `Retry-After` that
    /// would ends it at once.
    public func submit(_ request: JobRequestBody, idempotencyKey key: IdempotencyKey, attempts: Int = 4,
                       backoff: Duration = .milliseconds(500)) async throws -> JobBody {
        let giveUp = ContinuousClock.now + submitLimit(attempts: attempts, backoff: backoff)
        var attempt = 1
        while true {
            do {
                return try await api.send(.POST, "/v1/jobs", headers: headers + [("Idempotency-Key", key.text)], body: request,
                                          timeout: min(api.timeout, giveUp - ContinuousClock.now)).decode(JobBody.self)
            } catch let error as MinerKitError where attempt < attempts && [.unavailable, .rateLimited].contains(error.kind) {
                let wait = error.retryAfter.map { Duration.seconds($0) } ?? backoff * attempt
                guard ContinuousClock.now + wait < giveUp else { throw error }
                try await Task.sleep(for: wait)
                attempt += 1
            }
        }
    }

    /// The longest ``submit(_:idempotencyKey:attempts:backoff:)`` takes: `attempts` × ``APIClient/timeout``
    /// plus `backoff` × (1 + 2 + … + (attempts − 1)); 23 s for 4 tries of 5 s with 0.5 s backoff.
    public func submitLimit(attempts: Int, backoff: Duration = .milliseconds(500)) -> Duration {
        api.timeout * max(1, attempts) + backoff * (max(1, attempts) * (max(1, attempts) - 1) / 2)
    }

    /// `GET /v1/jobs` filtered by API status name (`pending`, `running`, ...).
    public func jobs(status: String? = nil, limit: Int = 20, offset: Int = 0) async throws -> [JobBody] {
        var query = "?limit=\(limit)&offset=\(offset)"
        if let status { query += "&status=\(status)" }
        return try await api.send(.GET, "/v1/jobs" + query, headers: headers).decode([JobBody].self)
    }

    /// `GET /v1/jobs/{id}`.
    public func job(id: String) async throws -> JobBody {
        try await api.send(.GET, "/v1/jobs/\(HTTPMinerTransport.escape(id))", headers: headers).decode(JobBody.self)
    }

    /// `POST /v1/jobs/{id}/cancel`.
    public func cancel(id: String) async throws -> JobBody {
        try await api.send(.POST, "/v1/jobs/\(HTTPMinerTransport.escape(id))/cancel", headers: headers).decode(JobBody.self)
    }

    /// `GET /v1/receipts/{id}`.
    public func receipt(id: String) async throws -> Receipt {
        try await api.send(.GET, "/v1/receipts/\(HTTPMinerTransport.escape(id))", headers: headers).decode(Receipt.self)
    }

    /// `GET /v1/receipts/{id}/proof`: the receipt's Merkle inclusion proof (once its block is sealed).
    public func proof(receiptID: String) async throws -> InclusionProof {
        try await api.send(.GET, "/v1/receipts/\(HTTPMinerTransport.escape(receiptID))/proof").decode(InclusionProof.self)
    }

    /// `GET /explorer/blocks/{height}`.
    public func block(height: Int) async throws -> Block {
        try await api.send(.GET, "/explorer/blocks/\(height)").decode(Block.self)
    }

    /// `GET /v1/keys`: the coordinator's receipt-signing public key, to pin.
    public func signingKey() async throws -> Ed25519PublicKey {
        guard let key = try await api.send(.GET, "/v1/keys").decode(KeysBody.self).keys.first else {
            throw MinerKitError(.internal, code: "bad_response", "GET /v1/keys lists no key")
        }
        return try Ed25519PublicKey(keyID: key.keyID)
    }

    /// `GET /health`.
    public func health() async throws -> HealthBody { try await api.send(.GET, "/health").decode(HealthBody.self) }
}
