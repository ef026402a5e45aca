import Foundation
import MinerKit
@testable import MinerKitHTTP
import Testing

/// The poll answer is one wire type: the coordinator writes it from a leased job, a miner reads the same
/// job back from it (the core's ``Job/minerPayload`` convention), and peers' shapes are read leniently.
@Suite("Poll answers, written and read")
struct PolledJobTests {
    private static let now = Date(timeIntervalSince1970: 1_767_268_800)

    private static func leased(_ submission: JobSubmission) -> LeasedJob {
        var job = Job(client: "c", model: submission.model, input: submission.input, params: submission.params,
                      createdAt: now)
        let lease = Lease(jobID: job.id, minerID: "m", token: 4, grantedAt: now, deadline: now.addingTimeInterval(30))
        job.state = .leased
        job.lease = lease
        return LeasedJob(job: job, lease: lease)
    }

    /// What a miner reads from the answer the coordinator writes for `leased`, over JSON.
    private static func readBack(_ leased: LeasedJob) throws -> LeasedJob {
        let data = try APIJSON.encoder().encode(PolledJobBody(leased))
        return try APIJSON.decoder().decode(PolledJobBody.self, from: data).leasedJob(now: now)
    }

    @Test func aPromptJobComesBackWithItsInputAndParams() throws {
        let sent = Self.leased(.prompt("hello", model: "echo", params: ["max_tokens": 8]))
        let read = try Self.readBack(sent)
        #expect(read.job.id == sent.job.id && read.job.model == "echo" && read.job.input == "hello")
        #expect(read.job.params == sent.job.params && read.job.payload == nil)
        #expect(read.lease.token == 4 && read.lease.deadline == sent.lease.deadline)
    }

    @Test func aPayloadJobComesBackWithItsPayloadWhole() throws {
        let payload: [String: JSONValue] = ["audio": "AAAA", "prompt": "denoise", "model": "speech"]
        let sent = Self.leased(.payload(payload, requirements: ["gpu_count": 2]))
        let read = try Self.readBack(sent)
        #expect(read.job.payload == .object(payload) && read.job.input == "denoise" && read.job.model == "speech")
        // What the client sent as the payload, not the coordinator's params around it.
        #expect(read.job.params == .object([JobSubmission.payloadParam: .object(payload)]))
    }

    @Test func aPeersAnswerIsReadLeniently() throws {
        let fractional = #"{"job_id":"j1","payload":{"x":1},"constraints":{"model":"m","lease_token":2,"lease_expires_at":"2026-01-01T12:00:30.250Z"}}"#
        let read = try APIJSON.decoder().decode(PolledJobBody.self, from: Data(fractional.utf8)).leasedJob(now: Self.now)
        #expect(read.lease.deadline == Self.now.addingTimeInterval(30.25) && read.lease.token == 2)
        let bare = #"{"job_id":"j1","payload":{},"constraints":{"model":"m","lease_token":2}}"#
        let lease = try APIJSON.decoder().decode(PolledJobBody.self, from: Data(bare.utf8)).leasedJob(now: Self.now).lease
        #expect(lease.deadline == Self.now.addingTimeInterval(60))
        let heartbeat = try APIJSON.decoder().decode(HeartbeatStatusBody.self, from: Data(#"{"status":"ok"}"#.utf8))
        #expect(heartbeat.heartbeatStatus == HeartbeatStatus(status: "ok", jobsAssigned: 0, queueLength: 0))
    }

    @Test func anAnswerWithoutALeaseTokenIsRefused() {
        let answer = #"{"job_id":"j1","payload":{},"constraints":{"model":"m"}}"#
        #expect(throws: DecodingError.self) {
            try APIJSON.decoder().decode(PolledJobBody.self, from: Data(answer.utf8))
        }
    }
}
