import Foundation

/// What a miner is handed to run, and how a miner reads a job back from it: one convention for every
/// transport (the deployed-miner poll's `payload`, and the miner that reads it).
extension Job {
    /// The members of a prompt job's handed payload.
    private static let promptPayloadMembers: Set<String> = ["prompt", "model", "params"]

    /// A structured job's payload as its client sent it, or `{prompt, model, params}` for a prompt job.
    public var minerPayload: JSONValue {
        payload ?? .object(["prompt": .string(input), "model": .string(model), "params": params])
    }

    /// The job a handed `payload` describes (the inverse of ``minerPayload``): `{prompt, model, params}`
    /// with a string prompt is a prompt job with that input and those params; any other payload is a
    /// structured job, kept whole under `params.payload` (``JobSubmission/payloadParam``) with its
    /// `prompt`, if any, as input. The client is not handed to miners and is left empty.
    public init(id: String, model: String, minerPayload payload: [String: JSONValue], createdAt: Date) {
        let prompt = payload["prompt"]?.stringValue
        let isPromptJob = Set(payload.keys) == Self.promptPayloadMembers && prompt != nil
        self.init(id: id, client: "", model: model, input: prompt ?? "",
                  params: isPromptJob ? (payload["params"] ?? .object([:]))
                                      : .object([JobSubmission.payloadParam: .object(payload)]),
                  createdAt: createdAt)
    }
}
