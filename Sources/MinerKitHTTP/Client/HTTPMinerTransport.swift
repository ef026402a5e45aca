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
        let known = credentials.withLock { $0?.minerID }
        let body = MinerRegisterBody(minerID: known ?? registration.minerID,
                                     capabilities: .array(registration.capabilities.map(JSONValue.string)),
                                     concurrency: registration.maxConcurrent, region: registration.region,
                                     name: registration.name)
        let enrollment = try await client.send(.POST, "/v1/miners/register", headers: headers, body: body,
                                               timeout: requestTimeout).decode(MinerEnrollmentBody.self)
        if let issued = enrollment.apiKey {
            let enrolled = MinerCredentialFile(minerID: enrollment.minerID, apiKey: try APIKey(issued))
            credentials.withLock { $0 = enrolled }
            onEnrolled(enrolled)
        }
        return enrollment.minerID
    }

    public func heartbeat(_ report: HeartbeatReport) async throws -> HeartbeatStatus {
        try await client.send(.POST, "/v1/miners/heartbeat", headers: headers, body: HeartbeatBody(report),
                              timeout: requestTimeout).decode(HeartbeatStatusBody.self).heartbeatStatus
    }

    public func poll(maxWait: TimeInterval) async throws -> LeasedJob? {
        let reply = try await client.send(.POST, "/v1/miners/poll", headers: headers,
                                          body: PollBody(maxWaitSeconds: maxWait),
                                          timeout: .seconds(max(0, maxWait)) + requestTimeout)
        guard reply.status == 200 else { return nil }
        return try reply.decode(PolledJobBody.self).leasedJob(now: Date())
    }

    public func complete(jobID: String, report: JobResultReport) async throws -> Receipt {
        try await client.send(.POST, "/v1/miners/\(Self.escape(jobID))/result", headers: headers, body: ResultBody(report),
                              timeout: requestTimeout).decode(ResultAcceptedBody.self).receipt
    }

    public func fail(jobID: String, reason: String, retryable: Bool, leaseToken: Int64) async throws {
        _ = try await client.send(.POST, "/v1/miners/\(Self.escape(jobID))/fail", headers: headers,
                                  body: FailBody(reason: reason, retryable: retryable, leaseToken: leaseToken),
                                  timeout: requestTimeout)
    }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? segment
    }
}
