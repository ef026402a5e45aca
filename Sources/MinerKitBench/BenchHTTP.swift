import AsyncHTTPClient
import Foundation
import MinerKit
import NIOCore
import NIOHTTP1

/// The benchmarks' HTTP client: one request, its status and JSON body.
enum BenchHTTP {
    struct Reply {
        var status: UInt
        var json: JSONValue
    }

    static func send(_ method: HTTPMethod, _ url: String, headers: [String: String] = [:],
                     json: JSONValue? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json.jsonString()))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null
        return Reply(status: response.status.code, json: value)
    }

    /// One client/miner pair on `base`: submit, claim, complete, fetch the receipt, `count` times; the
    /// cycle latencies in seconds.
    static func cycles(base: String, clientKey: String, miner: (id: String, key: String), count: Int) async throws -> [Double] {
        let client = ["X-Api-Key": clientKey]
        let minerHeaders = ["X-Api-Key": miner.key, "X-Miner-ID": miner.id]
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        for i in 0..<count {
            let start = ContinuousClock.now
            let job = try await send(.POST, base + "/v1/jobs", headers: client,
                                     json: ["prompt": .string("cycle \(i)"), "model": "echo", "price": 0.01])
            guard let jobID = job.json["job_id"]?.stringValue else { throw BenchError("submit failed: \(job.status)") }
            let claim = try await send(.POST, base + "/v1/jobs/\(jobID)/claim", headers: minerHeaders,
                                       json: ["miner_id": .string(miner.id)])
            guard claim.status == 200 else { throw BenchError("claim failed: \(claim.status)") }
            let done = try await send(.POST, base + "/v1/jobs/\(jobID)/complete", headers: minerHeaders,
                                      json: ["miner_id": .string(miner.id), "result": .string("result \(i)")])
            guard let receiptID = done.json["receipt_id"]?.stringValue else { throw BenchError("complete failed: \(done.status)") }
            let fetched = try await send(.GET, base + "/v1/receipts/\(receiptID)", headers: client)
            guard fetched.status == 200 else { throw BenchError("receipt fetch failed: \(fetched.status)") }
            latencies.append((ContinuousClock.now - start).timeInterval)
        }
        return latencies
    }

    /// Registers miner `id` serving `echo` on `base`; its API key.
    static func register(_ id: String, on base: String) async throws -> String {
        let reply = try await send(.POST, base + "/v1/miners/register",
                                   json: ["miner_id": .string(id), "capabilities": ["echo"], "concurrency": 4])
        guard let key = reply.json["api_key"]?.stringValue else { throw BenchError("register failed: \(reply.status)") }
        return key
    }
}
