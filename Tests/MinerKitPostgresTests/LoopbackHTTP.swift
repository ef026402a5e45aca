import AsyncHTTPClient
import Foundation
import MinerKit
import NIOCore
import NIOHTTP1

/// A small JSON client for tests that talk to coordinator processes on loopback.
enum LoopbackHTTP {
    struct Reply: Sendable {
        var status: UInt
        var json: JSONValue
        /// The `Retry-After` header, when the reply has one.
        var retryAfter: String? = nil
    }

    /// Sends one request; throws when the connection fails (a killed node), never for an HTTP status.
    static func send(_ method: HTTPMethod, _ url: String, headers: [String: String] = [:], json: JSONValue? = nil,
                     timeout: Duration = .seconds(10)) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json.jsonString()))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(timeout.timeInterval.rounded(.up))))
        let body = try await response.body.collect(upTo: 1 << 20)
        let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null
        return Reply(status: response.status.code, json: value, retryAfter: response.headers.first(name: "Retry-After"))
    }
}
