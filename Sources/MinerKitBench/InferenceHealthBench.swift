import AsyncHTTPClient
import Foundation
import Logging
import MinerKit
import MinerKitHTTP
import NIOCore
import NIOHTTP1

/// `/health` latency on the inference server while inference keeps both cores busy.
///
/// The server (`InferenceRoutes` over an `InferenceService` with two inference threads) runs in this
/// process on 127.0.0.1. `loaders` clients post 10 s clips back to back, more than the two slots, so
/// both stay taken; meanwhile one client sends `requests` sequential `GET /api/v1/health`. Prints
/// p50/p99/max latency, the inference requests served meanwhile and the process's CPU/wall (near 2.0:
/// both cores were busy).
enum InferenceHealthBench {
    static let requests = 2_000
    static let loaders = 4

    static func run(modelDirectory: URL) async throws {
        let configuration = InferenceService.Configuration(maxConcurrent: 2, queueCapacity: 16)
        let service = InferenceService(configuration: configuration)
        try await service.load(modelDirectory: modelDirectory)
        var logger = Logger(label: "minerkit.bench")
        logger.logLevel = .warning
        let router = APIRouter(maxBodyBytes: InferenceRoutes.maxBodyBytes(for: configuration.limits),
                               groups: [InferenceRoutes(service: service)])
        let server = try await APIServer.start(router: router, logger: logger)
        do {
            try await measure(base: server.baseURL)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    private static func measure(base: String) async throws {
        let clip = NpyCodec.encode([InferenceBench.testSignal(seconds: 10, rate: 16000)], layout: .vector).base64EncodedString()
        let body = ByteBuffer(string: #"{"audio_data":"\#(clip)","sample_rate":16000}"#)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<loaders {
                group.addTask {
                    var served = 0
                    while !Task.isCancelled {
                        do {
                            guard try await send(.POST, base + "/api/v1/inference", body: body) == 200 else {
                                throw BenchError("inference request failed")
                            }
                            served += 1
                        } catch where Task.isCancelled {
                            break
                        }
                    }
                    return served
                }
            }
            // Let every loader reach the server before measuring.
            try await Task.sleep(for: .seconds(1))
            var latencies: [Double] = []
            latencies.reserveCapacity(requests)
            let started = ContinuousClock.now, startCPU = InferenceBench.cpuSeconds()
            for _ in 0..<requests {
                let start = ContinuousClock.now
                guard try await send(.GET, base + "/api/v1/health") == 200 else { throw BenchError("/health failed") }
                latencies.append((ContinuousClock.now - start).timeInterval)
            }
            let wall = (ContinuousClock.now - started).timeInterval, cpu = InferenceBench.cpuSeconds() - startCPU
            group.cancelAll()
            let served = try await group.reduce(0, +)
            latencies.sort()
            print(String(format: "/health under inference load (%d sequential GETs, %d inference clients): "
                         + "p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d inference requests served; CPU/wall %.2f",
                         requests, loaders, percentile(latencies, 0.50) * 1000, percentile(latencies, 0.99) * 1000,
                         (latencies.last ?? .nan) * 1000, served, cpu / wall))
        }
    }

    /// Sends one request and returns the status once the whole reply has arrived.
    private static func send(_ method: HTTPMethod, _ url: String, body: ByteBuffer? = nil) async throws -> UInt {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 16 << 20)
        return response.status.code
    }
}
