import Foundation
import MinerKit
@testable import MinerKitHTTP
import Testing

/// Every component schema a server documents is the shape of a Swift wire type: a full sample of each
/// decodes through the type, encodes back to the same JSON, and fits the served schema strictly (no
/// member the schema leaves out, every required member, types, bounds, formats and nullability).
@Suite("Wire types and their schemas")
struct WireSchemaRoundTripTests {
    /// Decodes `json` as `T` and encodes it again.
    private static func roundTrip<T: Codable & SendableMetatype>(_ type: T.Type) -> @Sendable (String) throws -> JSONValue {
        { json in
            let value = try APIJSON.decoder().decode(T.self, from: Data(json.utf8))
            return try JSONDecoder().decode(JSONValue.self, from: try APIJSON.encoder().encode(value))
        }
    }

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

    static let documents: [(String, JSONValue)] = [
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
            guard let sample = Self.samples[name] else {
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
}
