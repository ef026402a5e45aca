import Hummingbird
import MinerKit

/// The client side of `/v1/jobs`: submit, list, get, receipt, cancel. Every route needs a client key
/// (`X-Api-Key` or `Authorization: Bearer`) and sees only that client's jobs. Invalid input to
/// `POST /v1/jobs` is 400, as the spec lists.
struct ClientJobRoutes: RouteGroup {
    let coordinator: Coordinator

    func register(on router: APIRouter) {
        router.post("/v1/jobs") { request, _ in
            try await APIError.invalidInputAsBadRequest {
                let body = try await request.decodeJSON(as: JobRequestBody.self)
                let job = try await coordinator.submitJob(try body.submission(), credentials: request.clientCredentials)
                return APIJSON.response(document: JobBody(job).document, status: .created)
            }
        }
        router.get("/v1/jobs") { request, _ in
            var state: JobState?
            if let status = request.query("status") {
                guard let parsed = JobState(apiName: status) else {
                    throw MinerKitError(.validation, code: "validation_error",
                                        "query parameter 'status' must be one of pending, running, completed, failed, cancelled")
                }
                state = parsed
            }
            let query = JobQuery(state: state, limit: try CoordinatorQuery.limit.read(request),
                                 offset: try CoordinatorQuery.offset.read(request))
            let jobs = try await coordinator.jobs(query, credentials: request.clientCredentials)
            return APIJSON.response(document: .array(jobs.map { JobBody($0).document }))
        }
        router.get("/v1/jobs/{job_id}") { request, context in
            let job = try await coordinator.job(id: try context.parameters.path("job_id"),
                                                credentials: request.clientCredentials)
            return APIJSON.response(document: JobBody(job).document)
        }
        router.get("/v1/jobs/{job_id}/receipt") { request, context in
            let receipt = try await coordinator.receipt(jobID: try context.parameters.path("job_id"),
                                                        credentials: request.clientCredentials)
            return APIJSON.response(document: receipt.document)
        }
        router.post("/v1/jobs/{job_id}/cancel") { request, context in
            let job = try await coordinator.cancelJob(id: try context.parameters.path("job_id"),
                                                      credentials: request.clientCredentials)
            return APIJSON.response(document: JobBody(job).document)
        }
    }
}
