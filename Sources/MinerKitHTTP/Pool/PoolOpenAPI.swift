import MinerKit

/// The OpenAPI document of everything the pool serves, built from the pool wire types' schemas under
/// the pool's configuration (its limits and task types) and its auth (whether the monitor needs a token).
/// A test checks that every registered route appears here and nothing else does.
public enum PoolOpenAPI {
    /// Security scheme names of a signed miner request (all three headers together).
    public static let miner = ["XKey", "XTimestamp", "XSignature"]
    /// Security scheme name of the monitor token.
    public static let monitor = ["MonitorToken"]

    /// The document of a pool running `configuration`; `monitorToken` tells whether the summary needs one.
    public static func document(configuration: PoolConfiguration, monitorToken: Bool) -> OpenAPIDocument {
        let limits = configuration.limits
        let taskTypes = configuration.seeds.taskTypes
        let taskType = APIOperation.Parameter.query("task_type", .string(values: taskTypes),
                                                    description: "The pool's default task type when absent")
        let listLimit = APIOperation.Parameter.query("limit", .integer(minimum: 1, maximum: 10_000),
                                                     description: "Rows wanted (default 50; clamped to \(limits.maxListLimit))")
        let id = APIOperation.Parameter.path("id")
        let submission = WireSchema.reference(PoolSubmissionResult.self)
        func body(_ name: String, _ schema: WireSchema) -> WireSchema { .reference(name, schema) }
        return OpenAPIDocument(
            title: "MinerKit Pool API",
            description: "Evolve/evaluate pool: leases, batches, consensus, SOTA and reputation.",
            server: "http://127.0.0.1:8434",
            securitySchemes: [
                .init("XKey", header: "X-Key", description: "Miner hotkey (ss58, sr25519)"),
                .init("XTimestamp", header: "X-Timestamp", description: "Unix seconds, within 300 s of server time"),
                .init("XSignature", header: "X-Signature",
                      description: "Hex SR25519 signature (context substrate) of auth:{X-Timestamp}; replays are refused"),
            ] + (monitorToken ? [.init("MonitorToken", header: "X-Monitor-Token",
                                       description: "The pool's monitor token (or Authorization: Bearer <token>)")] : []),
            operations: [
                APIOperation(.get, "/health", "Liveness and current window", tag: "System", ok: .reference(PoolHealth.self)),
                APIOperation(.post, "/api/v1/miners/register", "Register or refresh a miner", tag: "Miners",
                             security: .all(miner), ok: .reference(PoolRegistration.self), errors: [401, 422]),
                APIOperation(.get, "/api/v1/miners/stats", "Miner stats and pool summary", tag: "Miners",
                             security: .all(miner), ok: .reference(PoolMinerStats.self), errors: [401, 422]),
                APIOperation(.get, "/api/v1/miners/leaderboard", "Top miners by reputation", tag: "Miners",
                             parameters: [listLimit], ok: .reference(PoolLeaderboard.self), errors: [422]),
                APIOperation(.get, "/api/v1/tasks/pending_evaluations", "Whether evaluation work awaits this miner",
                             tag: "Tasks", security: .all(miner), parameters: [taskType],
                             ok: .reference(PoolPendingEvaluations.self), errors: [401, 422]),
                APIOperation(.post, "/api/v1/tasks/request", "Request an evolve or evaluate batch (older API)", tag: "Tasks",
                             security: .all(miner), body: .reference(PoolBatchRequest.self), bodyRequired: false,
                             ok: .reference(PoolBatchResponse.self), errors: [400, 401, 404, 413, 422]),
                APIOperation(.post, "/api/v1/tasks/lease", "Lease evaluate, seed and gossip work", tag: "Tasks",
                             security: .all(miner),
                             body: body("PoolLeaseRequest", PoolLeaseRequest.wireSchema(limits: limits, taskTypes: taskTypes)),
                             bodyRequired: false,
                             ok: body("PoolLeaseResponse", PoolLeaseResponse.wireSchema(limits: limits)),
                             errors: [400, 401, 413, 422]),
                APIOperation(.post, "/api/v1/tasks/{id}/submit_lease", "Submit a lease result bundle", tag: "Tasks",
                             security: .all(miner), parameters: [id],
                             body: body("PoolLeaseSubmission", PoolLeaseSubmission.wireSchema(limits: limits)),
                             ok: submission, errors: [400, 401, 404, 413, 422]),
                APIOperation(.post, "/api/v1/tasks/{id}/submit_evolution", "Submit an evolved algorithm for a batch",
                             tag: "Tasks", security: .all(miner), parameters: [id],
                             body: body("PoolEvolutionSubmission", PoolEvolutionSubmission.wireSchema(limits: limits)),
                             ok: submission, errors: [400, 401, 404, 413, 422]),
                APIOperation(.post, "/api/v1/tasks/{id}/submit_evaluation", "Submit evaluations for a batch",
                             tag: "Tasks", security: .all(miner), parameters: [id],
                             body: body("PoolEvaluationSubmission", PoolEvaluationSubmission.wireSchema(limits: limits)),
                             ok: submission, errors: [400, 401, 404, 413, 422]),
                APIOperation(.get, "/api/v1/results",
                             "Verified results, best first (verified=false: not yet verified; any: both)", tag: "Results",
                             security: .all(miner), parameters: [
                                listLimit, .query("task_type", .string(values: taskTypes)), .query("min_score", .number()),
                                .query("verified", .string(values: ["true", "false", "any"]), description: "Default true"),
                             ], ok: .reference(PoolResultList.self), errors: [401, 422]),
                APIOperation(.get, "/api/v1/results/sota", "Current SOTA of a task type (nulls before the first)",
                             tag: "Results", parameters: [taskType], ok: .reference(PoolSOTAView.self), errors: [422]),
                APIOperation(.post, "/api/v1/results/verify/{result_id}", "Mark a scored result verified", tag: "Results",
                             security: .all(miner), parameters: [.path("result_id", limits.nameSchema)], ok: .reference(PoolResultView.self),
                             errors: [401, 404, 409, 422]),
                APIOperation(.get, "/api/v1/monitor/summary", "Miners, leases, consensus and throughput", tag: "Monitor",
                             security: .all(monitorToken ? monitor : []), ok: .reference(PoolMonitorSummary.self),
                             errors: monitorToken ? [401] : []),
            ])
    }
}
