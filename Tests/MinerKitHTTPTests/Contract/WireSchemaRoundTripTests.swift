import Foundation
import MinerKit
@testable import MinerKitHTTP
import Testing

/// Every component schema a server documents is the shape of a Swift wire type: a full sample of each
/// decodes through the type, encodes back to the same JSON, and fits the served schema strictly (no
/// member the schema leaves out, every required member, types, bounds, formats and nullability).
@Suite("Wire types and their schemas")
struct WireSchemaRoundTripTests {
    /// Decodes `json` as `T`, encodes it again, and checks the encoding decodes to the same value.
    private static func roundTrip<T: Codable & Equatable & SendableMetatype>(_ type: T.Type) -> @Sendable (String) throws -> JSONValue {
        { json in
            let value = try APIJSON.decoder().decode(T.self, from: Data(json.utf8))
            let encoded = try APIJSON.encoder().encode(value)
            guard try APIJSON.decoder().decode(T.self, from: encoded) == value else { throw RoundTripMismatch(type: "\(T.self)") }
            return try JSONDecoder().decode(JSONValue.self, from: encoded)
        }
    }

    /// Decodes `json` as `T` both ways a server reads a body (from its parsed members, and with
    /// `JSONDecoder`), checks the two agree, and encodes it again.
    private static func roundTripBothWays<T: JSONObjectDecodable & Encodable & Equatable & SendableMetatype>(
        _ type: T.Type) -> @Sendable (String) throws -> JSONValue {
        { json in
            let decoded = try APIJSON.decoder().decode(T.self, from: Data(json.utf8))
            guard case .object(let members)? = JSONValue(jsonString: json), let direct = T(members: members),
                  direct == decoded else { throw RoundTripMismatch(type: "\(T.self)") }
            let encoded = try APIJSON.encoder().encode(decoded)
            guard try APIJSON.decoder().decode(T.self, from: encoded) == decoded else { throw RoundTripMismatch(type: "\(T.self)") }
            return try JSONDecoder().decode(JSONValue.self, from: encoded)
        }
    }

    /// A sample read two ways gave two values, or its encoding read back gave another value.
    struct RoundTripMismatch: Error { var type: String }

    private static let algorithm = #"{"id":"alg_1","algorithm_dsl":"x = 1","task_type":"cifar10_binary","parent_ids":["alg_0"],"score":0.75,"is_seed":false}"#
    private static let gossip = #"{"task_type":"cifar10_binary","algorithm_ids":["alg_1"]}"#
    private static let sota = #"{"task_type":"cifar10_binary","algorithm_id":"alg_1","score":0.9,"algorithm_dsl":"x = 1","updated_at":"2026-01-01T12:00:00Z"}"#
    private static let miner = #"{"hotkey":"5Grw","reputation":1.5,"registered_at":"2026-01-01T12:00:00Z","last_seen_at":"2026-01-01T12:05:00Z","evaluations":3,"evolutions":1,"agreements":2,"disagreements":0,"assignments_completed":1}"#
    private static let result = #"{"result_id":"alg_1","algorithm_id":"alg_1","task_type":"cifar10_binary","score":0.9,"algorithm_dsl":"x = 1","submitter":"5Grw","parent_ids":["alg_0"],"is_seed":false,"window_number":3,"resolved_at":"2026-01-01T12:00:00Z","is_verified":true,"verified_by":"5Fhk","verified_at":"2026-01-01T12:10:00Z"}"#
    private static let window = #"{"window_number":3,"evaluations":3,"evolutions":1,"duplicates":0,"agreements":2,"disagreements":0,"improvement_points":0.5}"#
    private static let overview = #"{"window_number":3,"time_remaining_s":120.5,"miners":2,"active_assignments":1,"sota":[\#(sota)]}"#

    /// A full sample of every wire type, by schema name, with how to round-trip it.
    static let samples: [String: (json: String, roundTrip: @Sendable (String) throws -> JSONValue)] = [
        "Error": (#"{"detail":"the request body is not valid JSON","error_code":"invalid_json"}"#, roundTrip(APIErrorBody.self)),
        "InferenceRequest": (#"{"audio_data":"AAAAAA==","sample_rate":16000}"#, roundTrip(InferenceRequest.self)),
        "InferenceResponse": (#"{"audio_data":"AAAAAA==","text":"hello"}"#, roundTrip(InferenceResponse.self)),
        "InferenceHealth": (#"{"status":"healthy","model_loaded":true,"gpu_available":false,"version":"1.2.3"}"#,
                            roundTrip(InferenceHealth.self)),
        "PoolAlgorithmView": (algorithm, roundTrip(PoolAlgorithmView.self)),
        "PoolBatchRequest": (#"{"task_type":"evolve"}"#, roundTrip(PoolBatchRequest.self)),
        "PoolBatchResponse": (#"{"batch_id":"batch_1","task_type":"evaluate","algorithms":[\#(algorithm)]}"#,
                              roundTrip(PoolBatchResponse.self)),
        "PoolEvolutionSubmission": (#"{"evolved_function":"x = 2","parent_functions":[{"id":"alg_1"}]}"#,
                                    roundTrip(PoolEvolutionSubmission.self)),
        "PoolEvaluationSubmission": (#"{"evaluations":[{"algorithm_id":"alg_1","score":0.5}]}"#,
                                     roundTrip(PoolEvaluationSubmission.self)),
        "PoolEvaluationInput": (#"{"algorithm_id":"alg_1","score":0.5}"#, roundTrip(PoolEvaluationInput.self)),
        "PoolEvolutionInput": (#"{"parent_algorithm_ids":["alg_1"],"algorithm_dsl":"x = 2"}"#, roundTrip(PoolEvolutionInput.self)),
        "PoolLeaseRequest": (#"{"task_type":"cifar10_binary","eval_batch_size":8,"seed_batch_size":2,"gossip_limit":5}"#,
                             roundTrip(PoolLeaseRequest.self)),
        "PoolGossip": (gossip, roundTrip(PoolGossip.self)),
        "PoolLeaseResponse": (#"{"lease_id":"lease_1","window_number":3,"timeout_at":"2026-01-01T12:10:00Z","evolve_budget":4,"evaluate_algorithms":[\#(algorithm)],"seed_algorithms":[\#(algorithm)],"gossip":\#(gossip)}"#,
                              roundTrip(PoolLeaseResponse.self)),
        "PoolLeaseSubmission": (#"{"evaluations":[{"algorithm_id":"alg_1","score":0.5}],"evolutions":[{"parent_algorithm_ids":["alg_1"],"algorithm_dsl":"x = 2"}],"gossip":\#(gossip),"iterations":10}"#,
                                roundTrip(PoolLeaseSubmission.self)),
        "PoolSubmissionResult": (#"{"status":"accepted","assignment_id":"lease_1","window_number":3,"evaluations_accepted":1,"evaluations_ignored":0,"algorithm_ids":["alg_2"],"duplicates":0,"gossip_known":1}"#,
                                 roundTrip(PoolSubmissionResult.self)),
        "PoolPendingEvaluations": (#"{"has_pending_evaluations":true,"pending_count":2}"#, roundTrip(PoolPendingEvaluations.self)),
        "PoolMinerView": (miner, roundTrip(PoolMinerView.self)),
        "PoolRegistration": (#"{"status":"registered","hotkey":"5Grw","reputation":1,"registered_at":"2026-01-01T12:00:00Z","last_seen_at":"2026-01-01T12:00:00Z","window_number":3}"#,
                             roundTrip(PoolRegistration.self)),
        "PoolWindowActivity": (window, roundTrip(PoolWindowActivity.self)),
        "PoolOverview": (overview, roundTrip(PoolOverview.self)),
        "PoolMinerStats": (#"{"miner":\#(miner),"current_window":\#(window),"pool":\#(overview)}"#, roundTrip(PoolMinerStats.self)),
        "PoolLeaderboardEntry": (#"{"rank":1,"hotkey":"5Grw","reputation":1.5,"evaluations":3,"evolutions":1,"agreements":2,"disagreements":0}"#,
                                 roundTrip(PoolLeaderboard.Entry.self)),
        "PoolLeaderboard": (#"{"window_number":3,"miners":[{"rank":1,"hotkey":"5Grw","reputation":1.5,"evaluations":3,"evolutions":1,"agreements":2,"disagreements":0}]}"#,
                            roundTrip(PoolLeaderboard.self)),
        "PoolResultView": (result, roundTrip(PoolResultView.self)),
        "PoolResultList": (#"{"results":[\#(result)],"count":1}"#, roundTrip(PoolResultList.self)),
        "PoolSOTAView": (sota, roundTrip(PoolSOTAView.self)),
        "PoolHealth": (#"{"status":"ok","version":"1.2.3","window_number":3,"current_block":100,"time_remaining_s":120.5}"#,
                       roundTrip(PoolHealth.self)),
        "PoolMonitorMiners": (#"{"total":2,"active_in_window":1,"top_reputation":1.5}"#, roundTrip(PoolMonitorSummary.Miners.self)),
        "PoolMonitorLeases": (#"{"active":1,"completed":2,"expired":0}"#, roundTrip(PoolMonitorSummary.Leases.self)),
        "PoolMonitorConsensus": (#"{"pending":1,"scored":2,"unresolved":0,"agreements_in_window":2,"disagreements_in_window":0,"quorum":2,"evaluators_per_candidate":3,"tolerance":0.05}"#,
                                 roundTrip(PoolMonitorSummary.Consensus.self)),
        "PoolMonitorThroughput": (#"{"evaluations_total":10,"evaluations_in_window":3,"evolutions_in_window":1,"iterations_in_window":30,"evaluations_per_minute":0.5}"#,
                                  roundTrip(PoolMonitorSummary.Throughput.self)),
        "PoolMonitorSummary": (#"{"window_number":3,"time_remaining_s":120.5,"miners":{"total":2,"active_in_window":1,"top_reputation":1.5},"leases":{"active":1,"completed":2,"expired":0},"consensus":{"pending":1,"scored":2,"unresolved":0,"agreements_in_window":2,"disagreements_in_window":0,"quorum":2,"evaluators_per_candidate":3,"tolerance":0.05},"throughput":{"evaluations_total":10,"evaluations_in_window":3,"evolutions_in_window":1,"iterations_in_window":30,"evaluations_per_minute":0.5},"sota":[\#(sota)]}"#,
                               roundTrip(PoolMonitorSummary.self)),
    ]

    private static let signature = #"{"alg":"Ed25519","key_id":"q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA","sig":"c2ln"}"#
    private static let receipt = #"{"receipt_id":"rcpt_1","job_id":"job_1","provider":"miner-1","client":"client-1","units":1.5,"unit_type":"gpu_seconds","price":0.5,"model":"echo","started_at":1767268800,"completed_at":1767268810,"result_hash":"sha256:ab","signature":\#(signature),"format_version":2}"#
    private static let jobMembers = #""job_id":"job_1","status":"completed","prompt":"hi","model":"echo","params":{"max_tokens":16},"price":0.5,"result":"hello","result_hash":"sha256:ab","miner_id":"miner-1","error":"none","attempts":1,"created_at":"2026-01-01T12:00:00Z","started_at":"2026-01-01T12:00:01Z","completed_at":"2026-01-01T12:00:02Z","state":"COMPLETED","requested_at":"2026-01-01T12:00:00Z","assigned_miner_id":"miner-1""#
    private static let block = #""height":1,"hash":"ab","previous_hash":"00","timestamp":"2026-01-01T12:00:00Z","merkle_root":"cd","transactions":1,"format_version":2"#
    private static let jobResult = #"{"miner_id":"miner-1","result":"hello","result_hash":"sha256:ab","metrics":{"gpu_seconds":1.5},"lease_token":3,"completed_at":"2026-01-01T12:00:02Z"}"#
    private static let listing = #"{"name":"rig","gpu_type":"A100","gpu_count":2,"location":"eu","price_per_hour":1.5,"max_concurrent":2,"capabilities":["echo"]}"#
    private static let availableJob = #"{"job_id":"job_1","model":"echo","gpu_type":null,"gpu_count":1,"estimated_time":null,"price":0.5}"#
    private static let constraints = #"{"model":"echo","lease_token":1,"lease_expires_at":"2026-01-01T12:01:00Z","attempt":1}"#
    private static let key = #"{"alg":"Ed25519","key_id":"q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA","public_key_hex":"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789","use":"receipts"}"#

    /// A full sample of every coordinator wire type, by schema name.
    static let coordinatorSamples: [String: (json: String, roundTrip: @Sendable (String) throws -> JSONValue)] = [
        "Health": (#"{"status":"ok","version":"1.2.3"}"#, roundTrip(HealthBody.self)),
        "JobRequest": (#"{"prompt":"hi","model":"echo","params":{"max_tokens":16,"temperature":0.5,"top_p":0.9,"gpu_type":"A100","gpu_count":1,"estimated_time":10},"payload":{"audio":"AAAA"},"price":0.5,"priority":2,"gpu_type":"A100","gpu_count":2,"estimated_time":30}"#,
                       roundTripBothWays(JobRequestBody.self)),
        "Job": ("{\(jobMembers)}", roundTrip(JobBody.self)),
        "LeasedJob": (#"{\#(jobMembers),"lease_token":3,"lease_expires_at":"2026-01-01T12:01:00Z"}"#, roundTrip(LeasedJobBody.self)),
        "AvailableJob": (availableJob, roundTrip(AvailableJobsBody.Item.self)),
        "AvailableJobs": (#"{"jobs":[\#(availableJob)]}"#, roundTrip(AvailableJobsBody.self)),
        "LeaseConstraints": (constraints, roundTrip(PolledJobBody.Constraints.self)),
        "PolledJob": (#"{"job_id":"job_1","payload":{"prompt":"hi","model":"echo","params":{}},"constraints":\#(constraints)}"#,
                      roundTrip(PolledJobBody.self)),
        "PollRequest": (#"{"max_wait_seconds":2.5}"#, roundTrip(PollBody.self)),
        "Claim": (#"{"miner_id":"miner-1"}"#, roundTripBothWays(ClaimBody.self)),
        "JobResult": (jobResult, roundTripBothWays(ResultBody.self)),
        "MinerJobResult": (jobResult, roundTripBothWays(ResultBody.self)),
        "FailureReport": (#"{"reason":"out of memory","error":"oom","retryable":true,"lease_token":3}"#, roundTrip(FailBody.self)),
        "ResultAccepted": (#"{"status":"completed","receipt":\#(receipt)}"#, roundTrip(ResultAcceptedBody.self)),
        "JobStatus": (#"{"job_id":"job_1","status":"failed"}"#, roundTrip(JobStatusBody.self)),
        "Receipt": (receipt, roundTrip(Receipt.self)),
        "Signature": (signature, roundTrip(Signature.self)),
        "Key": (key, roundTrip(KeysBody.Key.self)),
        "Keys": (#"{"keys":[\#(key)]}"#, roundTrip(KeysBody.self)),
        "MinerRegistration": (#"{"miner_id":"miner-1","capabilities":["echo"],"gpu_info":{"name":"A100","memory":"80GB"},"concurrency":2,"max_concurrent":2,"region":"eu","name":"rig"}"#,
                              roundTrip(MinerRegisterBody.self)),
        "MinerListing": (listing, roundTrip(MinerListingBody.self)),
        "MinerListingUpdate": (listing, roundTrip(MinerListingBody.self)),
        "MinerEnrollment": (#"{"miner_id":"miner-1","api_key":"mk_abc","status":"pending","capabilities":["echo"]}"#,
                            roundTrip(MinerEnrollmentBody.self)),
        "Miner": (#"{"miner_id":"miner-1","name":"rig","status":"active","capabilities":["echo"],"max_concurrent":2,"region":"eu","attributes":{"gpu_type":"A100"},"registered_at":"2026-01-01T12:00:00Z","last_heartbeat":"2026-01-01T12:00:05Z"}"#,
                  roundTrip(MinerBody.self)),
        "Heartbeat": (#"{"inflight":1,"status":"busy","metadata":{"load":0.5},"job_ids":["job_1"]}"#, roundTrip(HeartbeatBody.self)),
        "HeartbeatStatus": (#"{"status":"ok","jobs_assigned":1,"queue_length":5}"#, roundTrip(HeartbeatStatusBody.self)),
        "MinerStats": (#"{"total_jobs":3,"success_rate":0.75,"average_completion_time":2.5,"earnings":1.5,"earnings_per_gpu_hour":0.5,"reputation":0.8}"#,
                       roundTrip(MinerStatsBody.self)),
        "Block": ("{\(block)}", roundTrip(Block.self)),
        "BlockDetail": (#"{\#(block),"tx_ids":["ef"],"receipt_ids":["rcpt_1"]}"#, roundTrip(BlockDetailBody.self)),
        "ProofStep": (#"{"hash":"ab","position":"left"}"#, roundTrip(ProofStep.self)),
        "InclusionProof": (#"{"receipt_id":"rcpt_1","tx_id":"ef","block_height":1,"block_hash":"ab","merkle_root":"cd","index":0,"proof":[{"hash":"ab","position":"right"}]}"#,
                           roundTrip(InclusionProof.self)),
        "Transaction": (#"{"tx_id":"ef","sequence":1,"receipt_id":"rcpt_1","job_id":"job_1","client":"client-1","provider":"miner-1","units":1.5,"price":0.5,"model":"echo","completed_at":1767268810,"block_height":1}"#,
                        roundTrip(TransactionBody.self)),
        "NetworkStats": (#"{"total_jobs":3,"active_miners":1,"total_receipts":2,"block_height":1}"#, roundTrip(NetworkStatsBody.self)),
    ]

    static let documents: [(String, JSONValue)] = [
        ("coordinator", CoordinatorAPI.openAPIDocument),
        ("pool", PoolOpenAPI.document(configuration: PoolConfiguration(), monitorToken: true).json),
        ("inference", InferenceOpenAPI.document(limits: AudioLimits()).json),
    ]

    @Test(arguments: documents.map(\.0))
    func everyComponentIsAWireTypeThatRoundTripsAndFitsItsSchema(server: String) throws {
        let document = try #require(Self.documents.first { $0.0 == server }?.1)
        guard case .object(let schemas)? = document["components"]?["schemas"] else {
            Issue.record("\(server): no component schemas")
            return
        }
        let validator = SchemaValidator(document: document)
        for (name, schema) in schemas.sorted(by: { $0.key < $1.key }) {
            guard let sample = (server == "coordinator" ? Self.coordinatorSamples : Self.samples)[name]
                ?? Self.samples[name] else {
                Issue.record("\(server): no sample of \(name)")
                continue
            }
            let original = try #require(JSONValue(jsonString: sample.json), "\(name)'s sample is not JSON")
            let encoded = try sample.roundTrip(sample.json)
            #expect(encoded == original, "\(name) does not encode back to its sample")
            #expect(validator.problems(original, against: schema) == [], "\(server): \(name)")
        }
    }

    @Test func aSchemaThatLeavesOutAMemberIsCaught() {
        let schema: JSONValue = ["type": "object", "properties": ["a": ["type": "integer", "maximum": 3]], "required": ["a"]]
        let validator = SchemaValidator(document: [:])
        #expect(validator.problems(["a": 2], against: schema) == [])
        #expect(validator.problems(["a": 4], against: schema).count == 1)
        #expect(validator.problems(["a": 2, "b": true], against: schema) == ["$: member b is not in the schema"])
        #expect(validator.problems([:], against: schema) == ["$: required member a is missing"])
        #expect(validator.problems(["a": .null], against: schema).count == 1)
    }

    /// The coordinator's schemas are strict enough to catch a type and its schema drifting apart.
    @Test func aCoordinatorSchemaOutOfStepWithItsTypeIsCaught() throws {
        let document = CoordinatorAPI.openAPIDocument
        let validator = SchemaValidator(document: document)
        let schemas = try #require(document["components"]?["schemas"])
        func problems(_ name: String, _ json: String) throws -> [String] {
            validator.problems(try #require(JSONValue(jsonString: json)), against: try #require(schemas[name]))
        }
        // A member the type encodes and the schema leaves out.
        guard case .object(var job)? = schemas["Job"], case .object(var members)? = job["properties"] else {
            Issue.record("Job has no properties")
            return
        }
        members["attempts"] = nil
        job["properties"] = .object(members)
        job["required"] = nil
        let encoded = try JSONDecoder().decode(JSONValue.self, from: APIJSON.encoder().encode(
            try APIJSON.decoder().decode(JobBody.self, from: Data(#"{"job_id":"j","status":"pending","prompt":"","model":"m","params":{},"price":0,"attempts":0,"created_at":"2026-01-01T12:00:00Z"}"#.utf8))))
        #expect(validator.problems(encoded, against: .object(job)) == ["$: member attempts is not in the schema"])
        // Neither a prompt nor a payload.
        #expect(try problems("JobRequest", #"{"model":"echo"}"#) == ["$: fits none of anyOf"])
        #expect(try problems("JobRequest", #"{"payload":{"a":1}}"#) == [])
        // Bounds and nullability.
        #expect(try problems("AvailableJob", #"{"job_id":"j","model":"m","gpu_type":null,"gpu_count":2000,"estimated_time":null,"price":0}"#).count == 1)
        #expect(try problems("Receipt", #"{"receipt_id":"r"}"#).count == 11)
        let capabilities = "[" + (0...64).map { "\"m\($0)\"" }.joined(separator: ",") + "]"
        #expect(try problems("MinerRegistration", #"{"capabilities":\#(capabilities)}"#) == ["$.capabilities: fits 0 of oneOf, not exactly one"])
        #expect(try problems("MinerJobResult", #"{"metrics":{"a":1}}"#) == ["$: fits none of anyOf"])
        #expect(try problems("MinerJobResult", #"{"result_hash":null,"result":{"a":1}}"#) == [])
    }
}
