import Foundation
import Hummingbird
import MinerKit

/// The Pool API (`shared/specs/pool-api.md`) on a ``PoolService``: each route authenticates, decodes
/// a wire type, calls the service with the domain value it carries, and encodes the wire form of the
/// domain value the service returns; the rules live in the core.
///
/// ```swift
/// let pool = try await PoolService.open(store: try SQLitePoolStore(path: "pool.sqlite"))
/// let auth = PoolAuth(authenticator: PoolAuth.hotkeyAuthenticator(clock: SystemTimeSource()))
/// let router = APIRouter(maxBodyBytes: PoolRoutes.maxBodyBytes, groups: [PoolRoutes(pool: pool, auth: auth)])
/// ```
public struct PoolRoutes: RouteGroup {
    /// The body limit the pool is meant to run with: a full lease submission fits.
    public static let maxBodyBytes = 4 << 20

    /// The pool the routes serve.
    public let pool: PoolService
    /// Signed-request and monitor checks.
    public let auth: PoolAuth

    /// Routes for `pool`, guarded by `auth`.
    public init(pool: PoolService, auth: PoolAuth) {
        self.pool = pool
        self.auth = auth
    }

    /// The pool's OpenAPI document, as served at `/openapi.json` and `/docs`.
    public var document: OpenAPIDocument {
        PoolOpenAPI.document(configuration: pool.configuration, monitorToken: auth.requiresMonitorToken)
    }

    /// Adds the Pool API, `/openapi.json` and `/docs` to `router`.
    public func register(on router: APIRouter) {
        let pool = pool, auth = auth
        OpenAPIRoutes(document: document).register(on: router)
        router.get("/health") { _, _ in APIJSON.response(PoolHealth(pool.health())) }
        MetricsRoutes { try await ServiceMetrics.refreshPool(pool) }.register(on: router)

        router.post("/api/v1/miners/register") { request, _ in
            APIJSON.response(PoolRegistration(try await pool.register(hotkey: try await auth.hotkey(of: request))))
        }
        router.get("/api/v1/miners/stats") { request, _ in
            APIJSON.response(PoolMinerStats(try await pool.stats(hotkey: try await auth.hotkey(of: request))))
        }
        router.get("/api/v1/miners/leaderboard") { request, _ in
            APIJSON.response(PoolLeaderboard(try await pool.leaderboard(limit: try request.queryInt("limit", default: 50, in: 1...10_000))))
        }

        router.get("/api/v1/tasks/pending_evaluations") { request, _ in
            let hotkey = try await auth.hotkey(of: request)
            let count = try await pool.pendingEvaluations(hotkey: hotkey, taskType: request.queryValue("task_type"))
            return APIJSON.response(PoolPendingEvaluations(count: count))
        }
        router.post("/api/v1/tasks/request") { request, _ in
            let hotkey = try await auth.hotkey(of: request)
            let body = try await request.decodeOptionalJSON(as: PoolBatchRequest.self) ?? PoolBatchRequest()
            return APIJSON.response(PoolBatchResponse(try await pool.requestBatch(hotkey: hotkey, kind: try body.kind)))
        }
        router.post("/api/v1/tasks/lease") { request, _ in
            let hotkey = try await auth.hotkey(of: request)
            let body = try await request.decodeOptionalJSON(as: PoolLeaseRequest.self) ?? PoolLeaseRequest()
            return APIJSON.response(PoolLeaseResponse(try await pool.lease(hotkey: hotkey, body.terms)))
        }
        router.post("/api/v1/tasks/{id}/submit_lease") { request, context in
            let hotkey = try await auth.hotkey(of: request)
            let body = try await request.decodeJSON(as: PoolLeaseSubmission.self)
            let outcome = try await pool.submitLease(hotkey: hotkey, leaseID: try context.parameters.require("id"), body.report)
            return APIJSON.response(PoolSubmissionResult(outcome))
        }
        router.post("/api/v1/tasks/{id}/submit_evolution") { request, context in
            let hotkey = try await auth.hotkey(of: request)
            let body = try await request.decodeJSON(as: PoolEvolutionSubmission.self)
            let outcome = try await pool.submitEvolution(hotkey: hotkey, batchID: try context.parameters.require("id"), body.evolution)
            return APIJSON.response(PoolSubmissionResult(outcome))
        }
        router.post("/api/v1/tasks/{id}/submit_evaluation") { request, context in
            let hotkey = try await auth.hotkey(of: request)
            let body = try await request.decodeJSON(as: PoolEvaluationSubmission.self)
            let outcome = try await pool.submitEvaluation(hotkey: hotkey, batchID: try context.parameters.require("id"),
                                                          scores: body.scores)
            return APIJSON.response(PoolSubmissionResult(outcome))
        }

        router.get("/api/v1/results") { request, _ in
            _ = try await auth.hotkey(of: request)
            let query = PoolResultQuery(limit: try request.queryInt("limit", default: 50, in: 1...10_000),
                                        taskType: request.queryValue("task_type"), minScore: try request.queryDouble("min_score"),
                                        verified: try request.queryVerified())
            return APIJSON.response(PoolResultList(try await pool.results(query)))
        }
        router.get("/api/v1/results/sota") { request, _ in
            APIJSON.response(PoolSOTAView(try await pool.sota(taskType: request.queryValue("task_type"))))
        }
        router.post("/api/v1/results/verify/{result_id}") { request, context in
            let hotkey = try await auth.hotkey(of: request)
            return APIJSON.response(PoolResultView(try await pool.verify(resultID: try context.parameters.require("result_id"), hotkey: hotkey)))
        }

        router.get("/api/v1/monitor/summary") { request, _ in
            try auth.checkMonitor(request)
            return APIJSON.response(PoolMonitorSummary(try await pool.monitorSummary()))
        }
    }
}
