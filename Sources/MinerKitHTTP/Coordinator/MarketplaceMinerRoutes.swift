import Hummingbird
import MinerKit

/// The marketplace miner API: listing, update, heartbeat, available jobs, accept, complete, stats.
/// Every route but `POST /v1/miners` needs the miner's own `X-Api-Key`; the path names the miner.
/// (The path segment after `/v1/miners/` is `{id}` in every route, miner or job, because the router
/// needs one capture name per position; here it is the miner id.)
struct MarketplaceMinerRoutes: RouteGroup {
    let coordinator: Coordinator

    func register(on router: APIRouter) {
        router.post("/v1/miners") { request, _ in
            let body = try await request.decodeJSON(as: MinerListingBody.self)
            let enrollment = try await coordinator.registerMiner(try body.registration(),
                                                                 credentials: MinerCredentials(minerID: nil, apiKey: nil))
            return APIJSON.response(MinerEnrollmentBody(enrollment), status: .created)
        }
        router.put("/v1/miners/{id}") { request, context in
            let body = try await request.decodeJSON(as: MinerListingBody.self)
            let miner = try await coordinator.updateMiner(body.update, credentials: try credentials(request, context))
            return APIJSON.response(MinerBody(miner))
        }
        router.post("/v1/miners/{id}/heartbeat") { request, context in
            let body = try await request.decodeJSONIfPresent(as: HeartbeatBody.self) ?? HeartbeatBody()
            let status = try await coordinator.heartbeat(credentials: try credentials(request, context), report: body.report)
            return APIJSON.response(HeartbeatStatusBody(status))
        }
        router.get("/v1/miners/{id}/jobs/available") { request, context in
            let jobs = try await coordinator.availableJobs(credentials: try credentials(request, context),
                                                           limit: try CoordinatorQuery.limit.read(request))
            return APIJSON.response(AvailableJobsBody(jobs: jobs.map(AvailableJobsBody.Item.init)))
        }
        router.post("/v1/miners/{id}/jobs/{job_id}/accept") { request, context in
            let leased = try await coordinator.claim(jobID: try context.parameters.path("job_id"),
                                                     credentials: try credentials(request, context))
            return APIJSON.response(document: LeasedJobBody(leased).document)
        }
        router.post("/v1/miners/{id}/jobs/{job_id}/complete") { request, context in
            let body = try await request.decodeJSON(as: ResultBody.self)
            guard body.resultHash != nil || body.result != nil else {
                throw MinerKitError(.validation, code: "validation_error", "field 'result_hash' is required")
            }
            // A body that names a miner must name the one in the path (403 `miner_mismatch`), as on the spec route.
            let receipt = try await coordinator.complete(jobID: try context.parameters.path("job_id"), report: body.report,
                                                         credentials: try credentials(request, context).acting(as: body.minerID))
            return APIJSON.response(document: receipt.document)
        }
        router.get("/v1/miners/{id}/stats") { request, context in
            let stats = try await coordinator.stats(credentials: try credentials(request, context))
            return APIJSON.response(MinerStatsBody(stats))
        }
    }

    private func credentials(_ request: Request, _ context: APIRequestContext) throws -> MinerCredentials {
        try request.minerCredentials(actingAs: try context.parameters.path("id"))
    }
}
