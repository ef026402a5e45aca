import Foundation
import Hummingbird
import MinerKit

/// The miner routes of the coordinator spec: register, next available job, claim, complete.
/// Miners authenticate with `X-Api-Key` (their own key) and act only as the miner named in the query
/// or body (`X-Miner-ID`, when sent, must agree).
struct SpecMinerRoutes: RouteGroup {
    let coordinator: Coordinator

    func register(on router: APIRouter) {
        router.post("/v1/miners/register") { request, _ in
            try await APIError.invalidInputAsBadRequest {
                let body = try await request.decodeJSON(as: MinerRegisterBody.self)
                let enrollment = try await coordinator.registerMiner(
                    try body.registration(), credentials: try request.minerCredentials(actingAs: body.minerID))
                return APIJSON.response(MinerEnrollmentBody(enrollment), status: enrollment.created ? .created : .ok)
            }
        }
        router.get("/v1/jobs/available") { request, _ in
            guard let minerID = request.query("miner_id") else {
                throw MinerKitError(.validation, code: "validation_error", "query parameter 'miner_id' is required")
            }
            let job = try await coordinator.nextAvailableJob(credentials: try request.minerCredentials(actingAs: minerID))
            return job.map { APIJSON.response(document: JobBody($0).document) } ?? APIJSON.bytes(Data("null".utf8))
        }
        router.post("/v1/jobs/{job_id}/claim") { request, context in
            let body = try await request.decodeJSON(as: ClaimBody.self)
            let leased = try await coordinator.claim(jobID: try context.parameters.path("job_id"),
                                                     credentials: try request.minerCredentials(actingAs: body.minerID))
            return APIJSON.response(document: LeasedJobBody(leased).document)
        }
        router.post("/v1/jobs/{job_id}/complete") { request, context in
            let body = try await request.decodeJSON(as: ResultBody.self)
            guard let minerID = body.minerID else {
                throw MinerKitError(.validation, code: "validation_error", "field 'miner_id' is required")
            }
            guard body.result != nil else {
                throw MinerKitError(.validation, code: "validation_error", "field 'result' is required")
            }
            let receipt = try await coordinator.complete(jobID: try context.parameters.path("job_id"), report: body.report,
                                                         credentials: try request.minerCredentials(actingAs: minerID))
            return APIJSON.response(document: receipt.document)
        }
    }
}
