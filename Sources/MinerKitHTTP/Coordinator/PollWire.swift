import Foundation
import MinerKit

/// `{max_wait_seconds}`: the deployed miner's long poll (the body, and each member, optional).
struct PollBody: Codable, Equatable {
    var maxWaitSeconds: Double?

    enum CodingKeys: String, CodingKey, CaseIterable { case maxWaitSeconds = "max_wait_seconds" }
}

extension PollBody: WireSchemaProviding {
    static let wireSchemaName = "PollRequest"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .maxWaitSeconds: .number(minimum: 0).nullable().described("Capped by the coordinator (30 s by default)")
        }
    }
}

/// The deployed miner's poll answer: `{job_id, payload, constraints}`. The payload is what the miner
/// runs (``MinerKit/Job/minerPayload``); the constraints carry the lease.
struct PolledJobBody: Codable, Equatable {
    var jobID: String
    var payload: [String: JSONValue]
    var constraints: Constraints

    struct Constraints: Codable, Equatable {
        var model: String
        var leaseToken: Int64
        /// Absent from peers that do not send it.
        var leaseExpiresAt: Date?
        var attempt: Int?

        init(model: String, leaseToken: Int64, leaseExpiresAt: Date?, attempt: Int?) {
            self.model = model
            self.leaseToken = leaseToken
            self.leaseExpiresAt = leaseExpiresAt
            self.attempt = attempt
        }

        /// Reads what a peer sends leniently: the deadline may carry fractional seconds, and may be absent.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            model = try container.decode(String.self, forKey: .model)
            leaseToken = try container.decode(Int64.self, forKey: .leaseToken)
            attempt = try container.decodeIfPresent(Int.self, forKey: .attempt)
            leaseExpiresAt = try container.decodeIfPresent(String.self, forKey: .leaseExpiresAt).flatMap(Self.date)
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case model, leaseToken = "lease_token", leaseExpiresAt = "lease_expires_at", attempt
        }

        private static func date(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime]
            return formatter.date(from: text)
        }
    }

    init(_ leased: LeasedJob) {
        let job = leased.job
        jobID = job.id
        payload = if case .object(let members) = job.minerPayload { members } else { [:] }
        constraints = Constraints(model: job.model, leaseToken: leased.lease.token,
                                  leaseExpiresAt: leased.lease.deadline, attempt: job.attempts + 1)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case jobID = "job_id", payload, constraints
    }

    /// The leased job as a miner reads it (``MinerKit/Job/init(id:model:minerPayload:createdAt:)``); a
    /// lease whose deadline the peer did not send is taken to last `defaultLease` from `now`.
    func leasedJob(now: Date, defaultLease: TimeInterval = 60) -> LeasedJob {
        var job = Job(id: jobID, model: constraints.model, minerPayload: payload, createdAt: now)
        let lease = Lease(jobID: jobID, minerID: "", token: constraints.leaseToken, grantedAt: now,
                          deadline: constraints.leaseExpiresAt ?? now.addingTimeInterval(defaultLease))
        job.state = .leased
        job.lease = lease
        return LeasedJob(job: job, lease: lease)
    }
}

extension PolledJobBody.Constraints: WireSchemaProviding {
    static let wireSchemaName = "LeaseConstraints"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .model: .string().required
        case .leaseToken: .integer(minimum: 1).described("The lease's fencing token; send it with the result").required
        case .leaseExpiresAt: .dateTime.required
        case .attempt: .integer(minimum: 1).described("Which lease of the job this is").required
        }
    }
}

extension PolledJobBody: WireSchemaProviding {
    static let wireSchemaName = "PolledJob"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .jobID: .string().required
        case .payload: .anyObject.described("The client's payload, or `{prompt, model, params}` for a prompt job").required
        case .constraints: .reference(Constraints.self).required
        }
    }
}
