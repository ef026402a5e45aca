import Foundation
@testable import MinerKit
import NIOCore
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
        /// AITBC's names, served beside the seed's.
        var state: String, requestedAt: Date, assignedMinerID: String?

        init(_ job: Job, lease: Lease? = nil) {
            jobID = job.id; status = job.state.apiName; prompt = job.input; model = job.model; params = job.params
            price = job.price; result = job.result; resultHash = job.resultHash; minerID = job.minerID
            error = job.failureReason; attempts = job.attempts; createdAt = job.createdAt; startedAt = job.startedAt
            completedAt = job.state == .completed ? job.finishedAt : nil
            leaseToken = lease?.token; leaseExpiresAt = lease?.deadline
            state = ["pending": "QUEUED", "running": "RUNNING", "completed": "COMPLETED", "failed": "FAILED",
                     "cancelled": "CANCELED"][status] ?? ""
            requestedAt = job.createdAt; assignedMinerID = job.minerID
        }

        enum CodingKeys: String, CodingKey {
            case jobID = "job_id", status, prompt, model, params, price, result
            case resultHash = "result_hash", minerID = "miner_id", error, attempts
            case createdAt = "created_at", startedAt = "started_at", completedAt = "completed_at"
            case leaseToken = "lease_token", leaseExpiresAt = "lease_expires_at"
            case state, requestedAt = "requested_at", assignedMinerID = "assigned_miner_id"
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

    /// What `JSONDecoder` makes of `body`: the value (as `fields` shows it) or the error (described).
    private func foundation<T: Decodable>(_ body: String, _ fields: (T) -> JSONValue) -> JSONValue {
        do {
            return fields(try APIJSON.decoder().decode(T.self, from: Data(body.utf8)))
        } catch let error as DecodingError {
            return .string(String(describing: APIJSON.translate(error)))
        } catch {
            return .string(String(describing: error))
        }
    }

    private func served<T: Decodable>(_ body: String, _ fields: (T) -> JSONValue) -> JSONValue {
        do {
            return fields(try APIJSON.decode(T.self, from: ByteBuffer(string: body)))
        } catch {
            return .string(String(describing: error))
        }
    }

    private static func job(_ b: JobRequestBody) -> JSONValue {
        [b.prompt.map(JSONValue.string) ?? .null, b.model.map(JSONValue.string) ?? .null,
         b.params.map(JSONValue.object) ?? .null, b.payload.map(JSONValue.object) ?? .null,
         b.price.map(JSONValue.number) ?? .null, b.priority.map { .number(Double($0)) } ?? .null]
    }

    private static func result(_ b: ResultBody) -> JSONValue {
        [b.minerID.map(JSONValue.string) ?? .null, b.result.map { ["value": $0] } ?? .null, b.resultHash.map(JSONValue.string) ?? .null,
         b.metrics.map { ["value": $0] } ?? .null, b.leaseToken.map { .number(Double($0)) } ?? .null,
         b.completedAt.map(JSONValue.string) ?? .null]
    }

    @Test func requestBodiesReadAsJSONDecoderReadsThem() {
        let jobs = [
            #"{"prompt":"cycle 1","model":"echo","price":0.01}"#, #"{"prompt":"p","params":{"top_p":0.5,"x":[1,null]}}"#,
            #"{"payload":{"model":"m","prompt":"hi"},"priority":3}"#, #"{"prompt":"p","priority":3.0,"price":1e2}"#,
            #"{"prompt":null,"model":null,"params":null,"payload":null,"price":null,"priority":null}"#, #"{"prompt":"é 😀"}"#,
            #"{"prompt":"p","priority":1.5}"#, #"{"prompt":"p","priority":1e30}"#, #"{"prompt":"p","priority":9007199254740993}"#,
            #"{"prompt":1}"#, #"{"prompt":"p","params":[1]}"#, #"{"prompt":"p","price":"1"}"#, #"{"prompt":"p",}"#,
            "[]", "null", "{", "", #"{"prompt":"\ud800"}"#,
        ]
        for body in jobs {
            #expect(served(body, Self.job) == foundation(body, Self.job), "\(body)")
        }
        // Where JSONDecoder silently keeps one copy of a repeated key, MinerKit refuses the body.
        #expect(served(#"{"prompt":"p","prompt":"q"}"#, Self.job).stringValue?.hasPrefix("duplicate_key:") == true)
        let results = [
            #"{"miner_id":"m","result":"r"}"#, #"{"result":{"a":[1,2]},"metrics":{"gpu_time_seconds":1.5},"lease_token":7}"#,
            #"{"result_hash":"sha256:00","completed_at":"2024-01-01T00:00:00Z","lease_token":7.0}"#, #"{"result":null}"#,
            #"{"lease_token":1.5}"#, #"{"lease_token":"7"}"#, #"{"miner_id":3}"#, #"{"completed_at":5}"#,
        ]
        for body in results {
            #expect(served(body, Self.result) == foundation(body, Self.result), "\(body)")
        }
        for body in [#"{"miner_id":"m"}"#, #"{"miner_id":null}"#, "{}", #"{"miner_id":1}"#, #"{"miner_id":"m","x":1}"#] {
            #expect(served(body, { (b: ClaimBody) in .string(b.minerID) }) == foundation(body, { (b: ClaimBody) in .string(b.minerID) }),
                    "\(body)")
        }
        // Bytes that are not UTF-8 go to JSONDecoder, which refuses them.
        var invalid = ByteBuffer(string: #"{"prompt":""#)
        invalid.writeBytes([0xff, 0xfe])
        invalid.writeString(#""}"#)
        #expect(throws: MinerKitError.self) { try APIJSON.decode(JobRequestBody.self, from: invalid) }
    }
}
