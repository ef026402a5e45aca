import Foundation
import Hummingbird
import MinerKit

/// The miner inference API (shared/specs/miner-inference-api.md) over an ``InferenceService``:
///
/// - `GET /api/v1/health` → `{"status", "model_loaded", "gpu_available", "version"}`: 200 `healthy` once
///   the model is loaded, 503 `loading` (with `Retry-After`) before, at once while it loads; `version` is the build (``MinerKitVersion/current``);
/// - `POST /api/v1/inference` `{"audio_data", "sample_rate"}` → `{"audio_data"}` (plus `"text"` when the
///   model transcribes, always a string): 200 with the enhanced audio in the request's encoding (`.npy`,
///   WAV or raw float32, see ``AudioEncoding``); 400 for every invalid request (bad JSON, a missing or
///   mistyped field, bad audio, a bad sample rate), as the spec lists no 422; 503 until loaded or when
///   the queue is full; 500 with a safe message otherwise (error body `{"detail", "error_code"}`).
/// - `GET /metrics`: Prometheus series (``MetricsRoutes``), with the queue depth read when scraped.
///
/// The audio is read from the body by ``InferenceRequestScanner`` and the reply is streamed as bytes
/// around the base64 string, so multi-megabyte audio never passes through a JSON decoder or encoder.
public struct InferenceRoutes: RouteGroup {
    public let service: InferenceService

    public init(service: InferenceService) {
        self.service = service
    }

    /// The body limit a router serving these routes needs: the service's payload limit in base64 plus JSON.
    public static func maxBodyBytes(for limits: AudioLimits) -> Int {
        limits.maxPayloadBytes / 3 * 4 + 64 * 1024
    }

    /// Adds the inference API, `/openapi.json` and `/docs` to `router`.
    public func register(on router: APIRouter) {
        let service = self.service
        OpenAPIRoutes(document: InferenceOpenAPI.document(limits: service.configuration.limits)).register(on: router)
        MetricsRoutes { await ServiceMetrics.refreshInference(service) }.register(on: router)
        router.get("/api/v1/health") { _, _ in
            let ready = await service.isReady
            return APIJSON.response(InferenceHealth(status: ready ? "healthy" : "loading", modelLoaded: ready,
                                                   gpuAvailable: service.gpuAvailable, version: MinerKitVersion.current),
                                    status: ready ? .ok : .serviceUnavailable, headers: ready ? [:] : [.retryAfter: "1"])
        }
        router.post("/api/v1/inference") { request, _ in
            let buffer = try await request.body.collect(upTo: .max)   // already bounded by the body limit
            let result: InferenceService.Result
            if let fast = InferenceRequestScanner.scan(buffer) {
                result = try await service.enhance(base64Audio: fast.audio, sampleRate: fast.sampleRate)
            } else {
                let body = try InferenceRequest.decode(buffer)
                result = try await service.enhance(base64Audio: body.audioData, sampleRate: body.sampleRate)
            }
            // The body is ``InferenceResponse``'s encoding, written around the base64 without copying it.
            let prefix = ByteBuffer(string: #"{"audio_data":""#)
            var suffix = ByteBuffer(string: "\"")
            if let text = result.text, let encoded = try? APIJSON.encoder().encode(text) {
                suffix.writeString(#","text":"#)
                suffix.writeBytes(encoded)
            }
            suffix.writeString("}")
            let audio = result.audioBase64
            let length = prefix.readableBytes + audio.utf8.count + suffix.readableBytes
            // Streamed in slices so the multi-megabyte base64 is never copied whole into a second buffer.
            let body = ResponseBody(contentLength: length) { [prefix, suffix] writer in
                try await writer.write(prefix)
                let utf8 = audio.utf8
                var start = utf8.startIndex
                while start < utf8.endIndex {
                    let end = utf8.index(start, offsetBy: 256 * 1024, limitedBy: utf8.endIndex) ?? utf8.endIndex
                    try await writer.write(ByteBuffer(bytes: utf8[start..<end]))
                    start = end
                }
                try await writer.write(suffix)
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8",
                                                   .contentLength: String(length)], body: body)
        }
    }
}
