import Hummingbird
import MinerKit

/// The client side of `/v1/jobs`: submit, list, get, receipt, cancel. Every route needs a client key
/// (`X-Api-Key` or `Authorization: Bearer`) and sees only that client's jobs. Invalid input to
/// `POST /v1/jobs` is 400, as the spec lists; with an `Idempotency-Key` a submit is made once (see
/// ``Coordinator/submitJob(_:credentials:idempotencyKey:)``), a key reused with another body is 422.
struct ClientJobRoutes: RouteGroup {
    let coordinator: Coordinator

    func register(on router: APIRouter) {
        router.post("/v1/jobs") { request, _ in
            do {
                return try await APIError.invalidInputAsBadRequest {
                    let key = try request.idempotencyKey()
                    let body = try await request.decodeJSON(as: JobRequestBody.self)
                    let submitted = try await coordinator.submitJob(try body.submission(), credentials: request.clientCredentials,
                                                                    idempotencyKey: key)
                    // A retry gets the first answer again: the job and 201, marked as replayed.
                    let headers: HTTPFields = submitted.replayed ? [.idempotentReplayed: "true"] : [:]
                    return APIJSON.response(document: JobBody(submitted.job).document, status: .created, headers: headers)
                }
            } catch var error as MinerKitError where error.code == "idempotency_key_reused" {
                // The IETF draft's 422 for a key reused with another body, not the 400 of invalid input.
                error.kind = .validation
                throw error
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
