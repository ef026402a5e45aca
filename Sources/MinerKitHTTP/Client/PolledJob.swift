import Foundation
import MinerKit

/// Reads the deployed-miner poll answer `{job_id, payload, constraints}` back into a ``LeasedJob``.
///
/// A prompt job's payload is `{prompt, model, params}`: the job gets that prompt as input and those
/// params. Any other payload (a structured job) is kept whole under `params.payload`, as the
/// coordinator stores it, with its `prompt` (if any) as input.
enum PolledJob {
    static func decode(_ json: JSONValue) throws -> LeasedJob {
        guard let id = json["job_id"]?.stringValue, let constraints = json["constraints"],
              let model = constraints["model"]?.stringValue, let token = constraints["lease_token"]?.doubleValue,
              let payload = json["payload"], case .object(let fields) = payload else {
            throw MinerKitError(.internal, code: "bad_response", "poll answer lacks job_id, payload or constraints")
        }
        let deadline = constraints["lease_expires_at"]?.stringValue.flatMap(Self.date) ?? Date().addingTimeInterval(60)
        let isPromptJob = Set(fields.keys) == ["prompt", "model", "params"] && fields["prompt"]?.stringValue != nil
        var job = Job(id: id, client: "", model: model, input: fields["prompt"]?.stringValue ?? "",
                      params: isPromptJob ? (fields["params"] ?? .object([:])) : .object([JobSubmission.payloadParam: payload]),
                      createdAt: Date())
        let lease = Lease(jobID: id, minerID: "", token: Int64(token), grantedAt: Date(), deadline: deadline)
        job.state = .leased
        job.lease = lease
        return LeasedJob(job: job, lease: lease)
    }

    private static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
