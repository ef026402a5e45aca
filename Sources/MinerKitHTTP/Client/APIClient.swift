import AsyncHTTPClient
import Foundation
import MinerKit
import NIOCore
import NIOHTTP1

/// A small JSON client for MinerKit's HTTP APIs: it returns the body of a 2xx answer and turns any
/// other answer, or a network failure, into the ``MinerKitError`` the server meant (`error_code`,
/// `detail`, `Retry-After`), so callers can tell refusals from transient failures.
public struct APIClient: Sendable {
    /// `http://host:port`, no trailing slash.
    public let baseURL: String
    public let httpClient: HTTPClient
    /// Larger answers are refused rather than buffered.
    public var maxResponseBytes: Int
    /// How long one exchange may take when a call names no timeout: connecting, sending, and reading
    /// the whole reply. Past it the call fails as `.unavailable` (`network_error`).
    public var timeout: Duration

    public init(baseURL: String, httpClient: HTTPClient = .shared, maxResponseBytes: Int = 64 << 20,
                timeout: Duration = .seconds(30)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.httpClient = httpClient
        self.maxResponseBytes = maxResponseBytes
        self.timeout = timeout
    }

    /// One exchange: status and body of a successful answer.
    public struct Reply: Sendable {
        public var status: Int
        public var body: Data

        /// The body as JSON (`null` when it is not JSON or an object in it repeats a key).
        public var json: JSONValue { JSONValue(jsonString: String(decoding: body, as: UTF8.self)) ?? .null }

        /// Decodes the body as `T`.
        public func decode<T: Decodable>(_ type: T.Type) throws -> T {
            do {
                return try APIJSON.decoder().decodeUniqueKeys(T.self, from: body)
            } catch {
                throw MinerKitError(.internal, code: "bad_response", "unexpected response body: \(error)")
            }
        }
    }

    /// Sends `method path` with `headers` and an optional JSON body; throws for any non-2xx answer, and
    /// fails when the whole exchange takes longer than `timeout` (``timeout`` when `nil`).
    public func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], json: JSONValue? = nil,
                     timeout: Duration? = nil) async throws -> Reply {
        try await exchange(method, path, headers: headers, body: json.map { ByteBuffer(string: $0.jsonString()) },
                           timeout: timeout ?? self.timeout)
    }

    /// Sends `method path` with `headers` and `body` encoded as JSON (a wire type); throws for any non-2xx
    /// answer, and fails when the whole exchange takes longer than `timeout` (``timeout`` when `nil`).
    public func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: some Encodable,
                     timeout: Duration? = nil) async throws -> Reply {
        let data: Data
        do {
            data = try APIJSON.encoder().encode(body)
        } catch {
            throw MinerKitError(.internal, code: "unencodable_body", "\(method.rawValue) \(path): \(error)")
        }
        return try await exchange(method, path, headers: headers, body: ByteBuffer(bytes: data), timeout: timeout ?? self.timeout)
    }

    private func exchange(_ method: HTTPMethod, _ path: String, headers: [(String, String)], body: ByteBuffer?,
                          timeout: Duration) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let status: Int
        let body: Data
        let retryAfter: Int?
        do {
            // AsyncHTTPClient's deadline ends with the reply's head; the body is read within what is left.
            let end = ContinuousClock.now + timeout
            let response = try await httpClient.execute(request, deadline: .now() + TimeAmount(timeout))
            status = Int(response.status.code)
            retryAfter = response.headers.first(name: "Retry-After").flatMap(Int.init)
            body = try await Self.collect(response.body, upTo: maxResponseBytes, by: end)
        } catch let error as MinerKitError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw MinerKitError(.unavailable, code: "network_error",
                                "\(method.rawValue) \(baseURL)\(path) failed: no complete answer within \(String(format: "%.1f", timeout.timeInterval)) s",
                                retryAfter: nil)
        } catch {
            throw MinerKitError(.unavailable, code: "network_error",
                                "\(method.rawValue) \(baseURL)\(path) failed: \(Self.reason(error))", retryAfter: nil)
        }
        guard (200..<300).contains(status) else {
            let served = try? APIJSON.decoder().decodeUniqueKeys(APIErrorBody.self, from: body)
            throw MinerKitError(Self.kind(of: status), code: served?.errorCode ?? "http_\(status)",
                                served?.detail ?? "\(method.rawValue) \(path) answered \(status)", retryAfter: retryAfter)
        }
        return Reply(status: status, body: body)
    }

    /// The whole of `body`, unless reading it passes `end` (then `HTTPClientError.deadlineExceeded`).
    private static func collect(_ body: HTTPClientResponse.Body, upTo limit: Int, by end: ContinuousClock.Instant) async throws -> Data {
        try await withThrowingTaskGroup(of: Data?.self) { group in
            group.addTask { Data(buffer: try await body.collect(upTo: limit)) }
            group.addTask {
                try await Task.sleep(until: end)
                return nil
            }
            defer { group.cancelAll() }
            guard let data = try await group.next() ?? nil else { throw HTTPClientError.deadlineExceeded }
            return data
        }
    }

    /// A network failure in words a person acts on.
    static func reason(_ error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused (is the server running?)"
            case ECONNRESET: return "the connection was reset"
            case EHOSTUNREACH, ENETUNREACH: return "the host cannot be reached"
            default: return String(cString: strerror(error.errnoCode))
            }
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "no connection within the connect timeout (is the address right?)"
            case .deadlineExceeded, .readTimeout: return "no answer in time"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }

    /// The failure kind an HTTP status stands for (the inverse of the server's mapping).
    static func kind(of status: Int) -> MinerKitError.Kind {
        switch status {
        case 400: .invalidInput
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 413: .payloadTooLarge
        case 422: .validation
        case 429: .rateLimited
        case 503, 502, 504: .unavailable
        default: status >= 500 ? .internal : .invalidInput
        }
    }
}
