/// What a submission means when its client leaves things out, and the `params.payload` convention: the
/// rules every adapter (HTTP, CLI, an embedding program) applies the same way, so a library caller and
/// an HTTP caller get the same job. The client is set by ``Coordinator/submitJob(_:credentials:)``
/// from the caller's credentials.
extension JobSubmission {
    /// The model a job runs when its client names none (the coordinator spec's default).
    public static let defaultModel = "llama3.2"

    /// The sampling params a prompt job gets unless its client sets them (the coordinator spec's defaults).
    public static let defaultSamplingParams: [String: JSONValue] = ["max_tokens": 256, "temperature": 0.7, "top_p": 0.9]

    /// The member of `params` that holds a structured job's payload.
    public static let payloadParam = "payload"

    /// A prompt job: `params` over `requirements` (the marketplace's `gpu_type`, `gpu_count`,
    /// `estimated_time`) over ``defaultSamplingParams``; `model`, else ``defaultModel``; free and at
    /// priority 0 unless `price` and `priority` say otherwise.
    public static func prompt(_ prompt: String, model: String? = nil, params: [String: JSONValue] = [:],
                              requirements: [String: JSONValue] = [:], price: Double? = nil,
                              priority: Int? = nil) -> JobSubmission {
        let merged = defaultSamplingParams.merging(requirements) { _, given in given }.merging(params) { _, given in given }
        return JobSubmission(client: "", model: model ?? defaultModel, input: prompt, params: .object(merged),
                             price: price ?? 0, priority: priority ?? 0)
    }

    /// A structured job: `payload` kept whole under `params.payload` beside `requirements`; the model is
    /// `model`, else the payload's `model`, else ``defaultModel``; the input is `prompt`, else the
    /// payload's `prompt`, else empty; free and at priority 0 unless `price` and `priority` say otherwise.
    public static func payload(_ payload: [String: JSONValue], prompt: String? = nil, model: String? = nil,
                               requirements: [String: JSONValue] = [:], price: Double? = nil,
                               priority: Int? = nil) -> JobSubmission {
        JobSubmission(client: "", model: model ?? payload["model"]?.stringValue ?? defaultModel,
                      input: prompt ?? payload["prompt"]?.stringValue ?? "",
                      params: .object(requirements.merging([payloadParam: .object(payload)]) { $1 }),
                      price: price ?? 0, priority: priority ?? 0)
    }
}

extension Job {
    /// A structured job's payload (`params.payload`), `nil` for a prompt job.
    public var payload: JSONValue? { params[JobSubmission.payloadParam] }
}
