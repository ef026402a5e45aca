import MinerKit

/// The OpenAPI document of the miner inference server (`shared/specs/miner-inference-api.md`), built
/// from the wire types' schemas and the service's audio limits.
public enum InferenceOpenAPI {
    /// The document for a service running under `limits`.
    public static func document(limits: AudioLimits) -> OpenAPIDocument {
        let busy = APIOperation.Response(
            status: 503, description: "The model is not loaded yet (`model_not_loaded`) or the queue is full (`queue_full`)",
            schema: .reference(APIErrorBody.self), headers: ["Retry-After": "Seconds to wait before retrying"])
        return OpenAPIDocument(
            title: "MinerKit Miner Inference API",
            description: "Speech enhancement: base64 numpy/WAV/raw audio in, the same encoding out.",
            server: "http://127.0.0.1:8000",
            operations: [
                APIOperation(.get, "/api/v1/health", "Health of the model server (200 healthy, 503 while loading)",
                             tag: "System", ok: .reference(InferenceHealth.self),
                             extra: [.init(status: 503, description: "The model is still loading",
                                           schema: .reference(InferenceHealth.self))]),
                APIOperation(.post, "/api/v1/inference", "Enhance audio; the answer uses the request's encoding",
                             tag: "Inference", body: .reference("InferenceRequest", InferenceRequest.wireSchema(limits: limits)),
                             ok: .reference(InferenceResponse.self), errors: [400, 413], extra: [busy]),
            ])
    }
}
