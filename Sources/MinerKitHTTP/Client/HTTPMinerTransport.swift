import AsyncHTTPClient
import Foundation
import MinerKit
import Synchronization

/// A ``MinerTransport`` over the coordinator's deployed-miner HTTP routes (`/v1/miners/register`,
/// `/heartbeat`, `/poll`, `/{job_id}/result`, `/{job_id}/fail`), identifying with `X-Miner-ID` and
/// `X-Api-Key`.
///
/// Start it with saved credentials to come back as the same miner, or without to register a new one;
/// `onEnrolled` receives credentials the coordinator issues so they can be saved.
public final class HTTPMinerTransport: MinerTransport {
    public let client: APIClient
    private let credentials: Mutex<MinerCredentialFile?>
    private let onEnrolled: @Sendable (MinerCredentialFile) -> Void
    /// How long one call may take (a poll: its wait plus this); past it the call fails as `.unavailable`.
    public let requestTimeout: Duration

    public init(coordinatorURL: String, credentials: MinerCredentialFile? = nil, httpClient: HTTPClient = .shared,
                requestTimeout: Duration = .seconds(30),
                onEnrolled: @escaping @Sendable (MinerCredentialFile) -> Void = { _ in }) {
        client = APIClient(baseURL: coordinatorURL, httpClient: httpClient)
        self.credentials = Mutex(credentials)
        self.requestTimeout = requestTimeout
        self.onEnrolled = onEnrolled
    }

    private var headers: [(String, String)] {
        guard let credentials = credentials.withLock({ $0 }) else { return [] }
        return [("X-Miner-ID", credentials.minerID), ("X-Api-Key", credentials.apiKey.text)]
    }

    public func register(_ registration: MinerRegistration) async throws -> String {
        var body: [String: JSONValue] = [
            "capabilities": .array(registration.capabilities.map(JSONValue.string)),
            "concurrency": .number(Double(registration.maxConcurrent)),
        ]
        let known = credentials.withLock { $0?.minerID }
        if let id = known ?? registration.minerID { body["miner_id"] = .string(id) }
        if let name = registration.name { body["name"] = .string(name) }
        if let region = registration.region { body["region"] = .string(region) }
        let reply = try await client.send(.POST, "/v1/miners/register", headers: headers, json: .object(body),
                                          timeout: requestTimeout)
        let json = reply.json
        guard let minerID = json["miner_id"]?.stringValue else {
            throw MinerKitError(.internal, code: "bad_response", "registration answer has no miner_id")
        }
        if let issued = json["api_key"]?.stringValue {
            let enrolled = MinerCredentialFile(minerID: minerID, apiKey: try APIKey(issued))
            credentials.withLock { $0 = enrolled }
            onEnrolled(enrolled)
        }
        return minerID
    }

    public func heartbeat(_ report: HeartbeatReport) async throws -> HeartbeatStatus {
        var body: [String: JSONValue] = [:]
        if let inflight = report.inflight { body["inflight"] = .number(Double(inflight)) }
        if let status = report.status { body["status"] = .string(status) }
        if let metadata = report.metadata { body["metadata"] = metadata }
        if let jobs = report.jobIDs { body["job_ids"] = .array(jobs.map(JSONValue.string)) }
        let json = try await client.send(.POST, "/v1/miners/heartbeat", headers: headers, json: .object(body),
                                         timeout: requestTimeout).json
        return HeartbeatStatus(status: json["status"]?.stringValue ?? "ok",
                               jobsAssigned: Int(json["jobs_assigned"]?.doubleValue ?? 0),
                               queueLength: Int(json["queue_length"]?.doubleValue ?? 0))
    }

    public func poll(maxWait: TimeInterval) async throws -> LeasedJob? {
        let reply = try await client.send(.POST, "/v1/miners/poll", headers: headers,
                                          json: .object(["max_wait_seconds": .number(maxWait)]),
                                          timeout: .seconds(max(0, maxWait)) + requestTimeout)
        guard reply.status == 200 else { return nil }
        return try PolledJob.decode(reply.json)
    }

    public func complete(jobID: String, report: JobResultReport) async throws -> Receipt {
        var body: [String: JSONValue] = [:]
        if let result = report.result { body["result"] = .string(result) }
        if let hash = report.resultHash { body["result_hash"] = .string(hash) }
        if let metrics = report.metrics { body["metrics"] = metrics }
        if let token = report.leaseToken { body["lease_token"] = .number(Double(token)) }
        let reply = try await client.send(.POST, "/v1/miners/\(Self.escape(jobID))/result", headers: headers,
                                          json: .object(body), timeout: requestTimeout)
        struct Accepted: Decodable { var receipt: Receipt }
        return try reply.decode(Accepted.self).receipt
    }

    public func fail(jobID: String, reason: String, retryable: Bool, leaseToken: Int64) async throws {
        _ = try await client.send(.POST, "/v1/miners/\(Self.escape(jobID))/fail", headers: headers,
                                  json: .object(["reason": .string(reason), "retryable": .bool(retryable),
                                                 "lease_token": .number(Double(leaseToken))]),
                                  timeout: requestTimeout)
    }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? segment
    }
}
