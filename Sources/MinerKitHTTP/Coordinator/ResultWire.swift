import Foundation
import MinerKit

/// `{miner_id}` for a claim.
struct ClaimBody: JSONObjectDecodable, Encodable, Equatable {
    var minerID: String

    init(minerID: String) { self.minerID = minerID }

    init?(members: [String: JSONValue]) {
        guard let minerID = members[CodingKeys.minerID.stringValue]?.stringValue else { return nil }
        self.minerID = minerID
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case minerID = "miner_id" }
}

extension ClaimBody: WireSchemaProviding {
    static let wireSchemaName = "Claim"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .minerID: MinerWireSchemas.minerID.required
        }
    }
}

/// Every result form: spec `{miner_id, result, completed_at?}`, marketplace `{result_hash, metrics}`,
/// deployed `{result, metrics}` (a non-string result is kept as its JSON text); `lease_token` optional.
struct ResultBody: JSONObjectDecodable, Encodable, Equatable {
    var minerID: String?
    var result: JSONValue?
    var resultHash: String?
    var metrics: JSONValue?
    var leaseToken: Int64?
    var completedAt: String?

    init(minerID: String? = nil, result: JSONValue? = nil, resultHash: String? = nil, metrics: JSONValue? = nil,
         leaseToken: Int64? = nil, completedAt: String? = nil) {
        self.minerID = minerID
        self.result = result
        self.resultHash = resultHash
        self.metrics = metrics
        self.leaseToken = leaseToken
        self.completedAt = completedAt
    }

    /// What a miner sends for `report`.
    init(_ report: JobResultReport) {
        self.init(result: report.result.map(JSONValue.string), resultHash: report.resultHash, metrics: report.metrics,
                  leaseToken: report.leaseToken)
    }

    init?(members: [String: JSONValue]) {
        guard let minerID = APIJSON.field(members, CodingKeys.minerID, \.stringValue),
              let result = APIJSON.field(members, CodingKeys.result, { $0 }),
              let resultHash = APIJSON.field(members, CodingKeys.resultHash, \.stringValue),
              let metrics = APIJSON.field(members, CodingKeys.metrics, { $0 }),
              let leaseToken = APIJSON.field(members, CodingKeys.leaseToken, APIJSON.integer),
              let completedAt = APIJSON.field(members, CodingKeys.completedAt, \.stringValue)
        else { return nil }
        self.init(minerID: minerID, result: result, resultHash: resultHash, metrics: metrics, leaseToken: leaseToken,
                  completedAt: completedAt)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minerID = "miner_id", result, resultHash = "result_hash", metrics, leaseToken = "lease_token"
        case completedAt = "completed_at"
    }

    var report: JobResultReport {
        JobResultReport(resultValue: result, resultHash: resultHash, metrics: metrics, leaseToken: leaseToken)
    }
}

extension ResultBody: WireSchemaProviding {
    /// A result is kept as text: a string as is, any other non-null JSON value as its JSON text. A null
    /// member is an absent one.
    private static let resultValue = WireSchema.anyOf([.string(), .number(), .boolean, .array(of: .anyValue), .anyObject])
        .described("The result text, or any other JSON value (kept as its JSON text)")

    /// The result with `minerID` as the schema of its miner id, `miner_id` and `result` required when
    /// `resultRequired`.
    private static func schema(minerID: WireSchema, resultRequired: Bool, description: String? = nil) -> WireSchema {
        .object(CodingKeys.self, description: description) { key in
            switch key {
            case .minerID: minerID.required(when: resultRequired)
            case .result: resultValue.required(when: resultRequired)
            case .resultHash: .string().nullable()
            case .metrics: .dictionary(of: .number(), maxProperties: 64).nullable()
            case .leaseToken: .integer().nullable().described("The lease's fencing token (absent: the miner's current lease)")
            case .completedAt: .dateTime.nullable()
            }
        }
    }

    /// The coordinator spec's `POST /v1/jobs/{job_id}/complete`: `miner_id` and `result` required.
    static let specSchema = WireSchema.reference("JobResult", schema(minerID: MinerWireSchemas.minerID, resultRequired: true))

    /// The marketplace and deployed-miner result: a result, a result hash, or both.
    static let wireSchemaName = "MinerJobResult"
    static let wireSchema = schema(minerID: MinerWireSchemas.minerID.nullable(), resultRequired: false,
                                   description: "A result, a result hash, or both")
        .requiring(anyOf: [CodingKeys.result: resultValue, .resultHash: .string()])
}

/// `{reason | error, retryable, lease_token}` for a failure report (the body, and each member, optional).
struct FailBody: Codable, Equatable {
    var reason: String?
    var error: String?
    var retryable: Bool?
    var leaseToken: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable { case reason, error, retryable, leaseToken = "lease_token" }
}

extension FailBody: WireSchemaProviding {
    static let wireSchemaName = "FailureReport"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .reason: .string().nullable().defaultValue(.string(Coordinator.defaultFailureReason))
        case .error: .string().nullable().described("Read when `reason` is absent")
        case .retryable: .boolean.nullable().described("Whether the job may run again (default false)")
        case .leaseToken: .integer().nullable()
        }
    }
}

/// The deployed miner's result answer `{status, receipt}`.
struct ResultAcceptedBody: Codable, Equatable {
    var status = "completed"
    var receipt: Receipt

    enum CodingKeys: String, CodingKey, CaseIterable { case status, receipt }
}

extension ResultAcceptedBody: WireSchemaProviding {
    static let wireSchemaName = "ResultAccepted"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .status: .string(values: ["completed"]).required
        case .receipt: .reference(Receipt.self).required
        }
    }
}

/// `{job_id, status}`: a job's state after a failure report.
struct JobStatusBody: Codable, Equatable {
    var jobID: String
    var status: String

    init(_ job: Job) {
        jobID = job.id
        status = job.state.apiName
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case jobID = "job_id", status }
}

extension JobStatusBody: WireSchemaProviding {
    static let wireSchemaName = "JobStatus"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .jobID: .string().required
        case .status: .string(values: JobState.allCases.map(\.apiName)).required
        }
    }
}
