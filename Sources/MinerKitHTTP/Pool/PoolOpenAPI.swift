import MinerKit

/// The OpenAPI 3 document of everything the pool serves (`GET /openapi.json`). A test checks that
/// every registered route appears here and nothing else does, so the document stays true.
public enum PoolOpenAPI {
    /// The document.
    public static let document: JSONValue = .object([
        "openapi": "3.0.3",
        "info": .object(["title": "MinerKit Pool API", "version": "1.0.0",
                         "description": "Evolve/evaluate pool: leases, batches, consensus, SOTA and reputation."]),
        "servers": .array([.object(["url": "http://127.0.0.1:8434", "description": "Local development"])]),
        "paths": .object(paths),
        "components": .object(["securitySchemes": .object([
            "XKey": header("X-Key", "Miner hotkey (ss58, sr25519)"),
            "XTimestamp": header("X-Timestamp", "Unix seconds, within 300 s of server time"),
            "XSignature": header("X-Signature", "Hex SR25519 signature (context substrate) of auth:{X-Timestamp}"),
            "MonitorToken": header("X-Monitor-Token", "Monitor token, when the pool has one (or Authorization: Bearer)"),
        ])]),
    ])

    private enum Auth { case none, miner, monitor }

    private static let paths: [String: JSONValue] = [
        "/health": ["get": op("Liveness and current window", auth: .none,
                              ok: ["status", "version", "window_number", "current_block", "time_remaining_s"])],
        "/openapi.json": ["get": op("This document", auth: .none, ok: [])],
        "/metrics": ["get": ["summary": "Prometheus metrics (text format 0.0.4)", "responses": [
            "200": ["description": "OK", "content": ["text/plain": ["schema": ["type": "string"]]]]]]],
        "/api/v1/miners/register": ["post": op("Register or refresh a miner", auth: .miner,
                                               ok: ["status", "hotkey", "reputation", "registered_at", "last_seen_at", "window_number"])],
        "/api/v1/miners/stats": ["get": op("Miner stats and pool summary", auth: .miner, ok: ["miner", "current_window", "pool"])],
        "/api/v1/miners/leaderboard": ["get": op("Top miners by reputation", auth: .none, params: [query("limit", "integer")],
                                                 ok: ["window_number", "miners"], errors: ["422"])],
        "/api/v1/tasks/pending_evaluations": ["get": op("Whether evaluation work awaits this miner", auth: .miner,
                                                        params: [query("task_type", "string")],
                                                        ok: ["has_pending_evaluations", "pending_count"], errors: ["422"])],
        "/api/v1/tasks/request": ["post": op("Request an evolve or evaluate batch (older API)", auth: .miner,
                                             body: ["task_type"], ok: ["batch_id", "task_type", "algorithms"],
                                             errors: ["400", "404", "422"])],
        "/api/v1/tasks/lease": ["post": op("Lease evaluate, seed and gossip work", auth: .miner,
                                           body: ["task_type", "eval_batch_size", "seed_batch_size", "gossip_limit"],
                                           ok: ["lease_id", "window_number", "timeout_at", "evolve_budget",
                                                "evaluate_algorithms", "seed_algorithms", "gossip"], errors: ["400", "422"])],
        "/api/v1/tasks/{id}/submit_lease": ["post": op("Submit a lease result bundle", auth: .miner, params: [path("id")],
                                                       body: ["evaluations", "evolutions", "gossip", "iterations"],
                                                       ok: submission, errors: ["400", "404", "422"])],
        "/api/v1/tasks/{id}/submit_evolution": ["post": op("Submit an evolved algorithm for a batch", auth: .miner,
                                                           params: [path("id")], body: ["evolved_function", "parent_functions"],
                                                           ok: submission, errors: ["404", "422"])],
        "/api/v1/tasks/{id}/submit_evaluation": ["post": op("Submit evaluations for a batch", auth: .miner,
                                                            params: [path("id")], body: ["evaluations"],
                                                            ok: submission, errors: ["404", "422"])],
        "/api/v1/results": ["get": op("Verified results, best first (verified=false: not yet verified; any: both)", auth: .miner,
                                      params: [query("limit", "integer"), query("task_type", "string"), query("min_score", "number"),
                                               query("verified", "string", allowed: ["true", "false", "any"])],
                                      ok: ["results", "count"], errors: ["422"])],
        "/api/v1/results/sota": ["get": op("Current SOTA of a task type (nulls before the first)", auth: .none,
                                           params: [query("task_type", "string")],
                                           ok: ["task_type", "algorithm_id", "score", "algorithm_dsl", "updated_at"], errors: ["422"])],
        "/api/v1/results/verify/{result_id}": ["post": op("Mark a scored result verified", auth: .miner,
                                                          params: [path("result_id")], ok: result, errors: ["404", "409", "422"])],
        "/api/v1/monitor/summary": ["get": op("Miners, leases, consensus and throughput", auth: .monitor,
                                              ok: ["window_number", "time_remaining_s", "miners", "leases", "consensus",
                                                   "throughput", "sota"])],
    ]

    private static let submission = ["status", "assignment_id", "window_number", "evaluations_accepted",
                                     "evaluations_ignored", "algorithm_ids", "duplicates", "gossip_known"]
    private static let result = ["result_id", "algorithm_id", "task_type", "score", "algorithm_dsl", "submitter",
                                 "parent_ids", "is_seed", "window_number", "resolved_at", "is_verified", "verified_by",
                                 "verified_at"]

    private static func op(_ summary: String, auth: Auth, params: [JSONValue] = [], body: [String]? = nil,
                           ok: [String], errors: [String] = []) -> JSONValue {
        var responses: [String: JSONValue] = ["200": .object(["description": "OK", "content": json(object(ok))])]
        let statuses = errors + (auth == .none ? [] : ["401"]) + (body == nil ? [] : ["413"])
        for status in Set(statuses) {
            responses[status] = .object(["description": "Error", "content": json(object(["detail", "error_code"]))])
        }
        var operation: [String: JSONValue] = ["summary": .string(summary), "responses": .object(responses)]
        if !params.isEmpty { operation["parameters"] = .array(params) }
        if let body { operation["requestBody"] = .object(["required": false, "content": json(object(body))]) }
        switch auth {
        case .none: break
        case .miner: operation["security"] = [["XKey": [], "XTimestamp": [], "XSignature": []]]
        case .monitor: operation["security"] = [["MonitorToken": []]]
        }
        return .object(operation)
    }

    private static func object(_ properties: [String]) -> JSONValue {
        .object(["type": "object", "properties": .object(Dictionary(uniqueKeysWithValues: properties.map { ($0, .object([:])) }))])
    }

    private static func json(_ schema: JSONValue) -> JSONValue { .object(["application/json": .object(["schema": schema])]) }

    private static func query(_ name: String, _ type: String, allowed: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": .string(type)]
        if !allowed.isEmpty { schema["enum"] = .array(allowed.map(JSONValue.string)) }
        return .object(["name": .string(name), "in": "query", "required": false, "schema": .object(schema)])
    }

    private static func path(_ name: String) -> JSONValue {
        .object(["name": .string(name), "in": "path", "required": true, "schema": .object(["type": "string"])])
    }

    private static func header(_ name: String, _ description: String) -> JSONValue {
        .object(["type": "apiKey", "in": "header", "name": .string(name), "description": .string(description)])
    }
}
