import Foundation
@testable import MinerKit
@testable import MinerKitHTTP
import Testing

/// The busiest routes write their bodies without `JSONEncoder`; the documents must be the ones the
/// `Encodable` wire types produced.
@Suite struct WireDocumentTests {
    /// `Job` as served by the `Encodable` wire type the routes used before (the reference).
    private struct EncodedJob: Encodable {
        var jobID: String, status: String, prompt: String, model: String, params: JSONValue, price: Double
        var result: String?, resultHash: String?, minerID: String?, error: String?, attempts: Int
        var createdAt: Date, startedAt: Date?, completedAt: Date?
        var leaseToken: Int64?, leaseExpiresAt: Date?

        init(_ job: Job, lease: Lease? = nil) {
            jobID = job.id; status = job.state.apiName; prompt = job.input; model = job.model; params = job.params
            price = job.price; result = job.result; resultHash = job.resultHash; minerID = job.minerID
            error = job.failureReason; attempts = job.attempts; createdAt = job.createdAt; startedAt = job.startedAt
            completedAt = job.state == .completed ? job.finishedAt : nil
            leaseToken = lease?.token; leaseExpiresAt = lease?.deadline
        }

        enum CodingKeys: String, CodingKey {
            case jobID = "job_id", status, prompt, model, params, price, result
            case resultHash = "result_hash", minerID = "miner_id", error, attempts
            case createdAt = "created_at", startedAt = "started_at", completedAt = "completed_at"
            case leaseToken = "lease_token", leaseExpiresAt = "lease_expires_at"
        }
    }

    private func reference(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try APIJSON.encoder().encode(value))
    }

    private func served(_ document: JSONValue) throws -> JSONValue {
        let text = try #require(document.jsonText())
        return try #require(JSONValue(jsonString: text))
    }

    @Test func jobDocumentsMatchTheEncodableWireType() throws {
        let created = Date(timeIntervalSince1970: 1_700_000_000.75)
        var job = Job(client: "c1", model: "echo", input: "say \"hi\"/é", params: ["max_tokens": 256, "top_p": 0.9],
                      price: 0.01, priority: 0, createdAt: created)
        #expect(try served(JobBody(job).document) == reference(EncodedJob(job)))

        try JobLifecycle.lease(&job, to: "m1", at: created.addingTimeInterval(1.5), duration: 60)
        let lease = try #require(job.lease)
        #expect(try served(JobBody(job).document) == reference(EncodedJob(job)))
        #expect(try served(LeasedJobBody(LeasedJob(job: job, lease: lease)).document) == reference(EncodedJob(job, lease: lease)))

        try JobLifecycle.complete(&job, by: "m1", token: lease.token, result: "done", resultHash: ResultDigest.of("done"),
                                  metrics: nil, at: created.addingTimeInterval(3.25))
        #expect(try served(JobBody(job).document) == reference(EncodedJob(job)))
    }

    @Test func receiptDocumentIsItsEncoding() throws {
        let receipt = Receipt(receiptID: Receipt.newID(), jobID: "j1", provider: "m1", client: "c1", units: 1.25,
                              unitType: "gpu_seconds", price: 0.5, model: "echo", startedAt: 1_700_000_000,
                              completedAt: 1_700_000_003, resultHash: ResultDigest.of("x"),
                              signature: Signature(alg: "Ed25519", keyID: "k", sig: "s"))
        #expect(try served(receipt.document) == reference(receipt))
    }

    @Test func timestampsMatchTheISO8601Strategy() {
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.5), Date(timeIntervalSince1970: 1e-9),
                     Date(timeIntervalSince1970: 951_782_400), Date(timeIntervalSince1970: 1_700_000_000.9999999),
                     Date(timeIntervalSinceReferenceDate: 0), Date.distantPast, Date.distantFuture,
                     Date(timeIntervalSince1970: -12_219_292_800), Date(timeIntervalSince1970: 253_402_300_799.5)]
        for _ in 0..<2_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -13_000_000_000...260_000_000_000)))
            dates.append(Date(timeIntervalSince1970: Double(Int.random(in: 0...4_000_000_000))))
        }
        for date in dates {
            #expect(APIJSON.timestamp(date) == date.formatted(.iso8601), "\(date.timeIntervalSince1970)")
        }
    }
}
