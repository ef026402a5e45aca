import AsyncHTTPClient
import Foundation
import MinerKit
import MinerKitHTTP
import MinerKitTesting
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// While the model loads (held by the test, as a slow disk would hold it), health and inference answer
/// 503 with `Retry-After` at once instead of waiting for the load.
@Suite("Inference while the model loads")
struct ModelLoadingTests {
    @Test(.timeLimit(.minutes(5)))
    func healthAndInferenceAnswer503AtOnceWhileTheModelLoads() async throws {
        let folder = InferenceValidatorClientTests.root.appendingPathComponent("Models/speech-enhancer")
        let service = InferenceService(configuration: .init(maxConcurrent: 1, queueCapacity: 4))
        let router = APIRouter(maxBodyBytes: InferenceRoutes.maxBodyBytes(for: AudioLimits()), groups: [InferenceRoutes(service: service)])
        let gate = LoadGate()
        let loading = Task {
            try await service.load(model: {
                gate.arriveAndWait()
                return try SpeechEnhancerModel(directory: folder)
            })
        }
        do {
            try await withLiveServer(router: router, isolated: true) { server in
                try await waitUntil("the model load started") { gate.arrived }
                let health = try await Self.send(server, .GET, "/api/v1/health")
                #expect(health.status == 503 && health.retryAfter != nil)
                #expect(health.json["status"] == "loading" && health.json["model_loaded"] == false)
                let tone = RawAudioCodec.encode(InferenceRoutesTests.tone)
                let inference = try await Self.send(server, .POST, "/api/v1/inference", body: InferenceRoutesTests.request(tone))
                #expect(inference.status == 503 && inference.retryAfter != nil)
                #expect(inference.json["error_code"] == "model_not_loaded")

                // Let the load go on: the model comes in and health turns 200.
                gate.open()
                try await loading.value
                #expect(try await Self.send(server, .GET, "/api/v1/health").status == 200)
            }
        } catch {
            gate.open()
            _ = try? await loading.value
            throw error
        }
    }

    private struct Reply {
        var status: Int
        var json: JSONValue
        var retryAfter: String?
    }

    /// One exchange; a reply slower than 30 s fails the test. The load is held at its gate until the test
    /// opens it, so a server that waited for the model would not answer at all: any reply shows it did not.
    private static func send(_ server: RunningAPIServer, _ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return Reply(status: Int(response.status.code), json: JSONValue(jsonString: text) ?? .null,
                     retryAfter: response.headers.first(name: "Retry-After"))
    }
}

/// Holds the model load (on the service's thread, which may block) until the test opens it, and tells
/// the test when the load has arrived.
private final class LoadGate: Sendable {
    private let arrival = Atomic<Bool>(false)
    private let gate = DispatchSemaphore(value: 0)

    /// Called by the load: marks its arrival and blocks its thread until ``open()``.
    func arriveAndWait() {
        arrival.store(true, ordering: .releasing)
        gate.wait()
        gate.signal()   // so a second open() (the error path) never blocks anyone
    }

    func open() { gate.signal() }

    /// Whether the load has arrived (and is held).
    var arrived: Bool { arrival.load(ordering: .acquiring) }
}
