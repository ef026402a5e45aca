import Hummingbird
import MinerKit

/// The routes the deployed miner runtime speaks: heartbeat, long poll, result, fail. The miner is
/// named by `X-Miner-ID` or `?miner_id=`, or found by its own `X-Api-Key` alone (AITBC's miner sends
/// only the key); `{id}` in a path is the job id.
struct DeployedMinerRoutes: RouteGroup {
    let coordinator: Coordinator

    func register(on router: APIRouter) {
        router.post("/v1/miners/heartbeat") { request, _ in
            let body = try await request.decodeJSONIfPresent(as: HeartbeatBody.self) ?? HeartbeatBody()
            let status = try await coordinator.heartbeat(credentials: try request.minerCredentials(), report: body.report)
            return APIJSON.response(HeartbeatStatusBody(status))
        }
        router.post("/v1/miners/poll") { request, context in
            let body = try await request.decodeJSONIfPresent(as: PollBody.self) ?? PollBody()
            if let wait = body.maxWaitSeconds, !(wait.isFinite && wait >= 0) {
                throw MinerKitError(.validation, code: "validation_error", "field 'max_wait_seconds' must be a number >= 0")
            }
            let credentials = try request.minerCredentials()
            let watch = await context.connectionWatch()
            let poll = { @Sendable in try await coordinator.poll(credentials: credentials, maxWait: body.maxWaitSeconds ?? 0) }
            let polled: LeasedJob?
            do {
                polled = if let watch { try await watch.cancellingOnClose(poll) } else { try await poll() }
            } catch is CancellationError where watch?.isClosed == true {
                return Response(status: .noContent)  // nobody is left to read it
            }
            guard let leased = polled else { return Response(status: .noContent) }
            return await Self.deliver(leased, watch: watch, coordinator: coordinator)
        }
        router.post("/v1/miners/{id}/result") { request, context in
            let body = try await request.decodeJSON(as: ResultBody.self)
            guard body.result != nil || body.resultHash != nil else {
                throw MinerKitError(.validation, code: "validation_error", "field 'result' is required")
            }
            let receipt = try await coordinator.complete(jobID: try context.parameters.path("id"), report: body.report,
                                                         credentials: try request.minerCredentials())
            return APIJSON.response(ResultAcceptedBody(receipt: receipt))
        }
        router.post("/v1/miners/{id}/fail") { request, context in
            let body = try await request.decodeJSONIfPresent(as: FailBody.self) ?? FailBody()
            let job = try await coordinator.fail(jobID: try context.parameters.path("id"),
                                                 reason: body.reason ?? body.error,
                                                 retryable: body.retryable ?? false, leaseToken: body.leaseToken,
                                                 credentials: try request.minerCredentials())
            return APIJSON.response(JobStatusBody(job))
        }
    }

    /// The poll answer for `leased`. A lease whose client has gone, or whose answer cannot be written,
    /// goes back to the queue at once without costing an attempt.
    static func deliver(_ leased: LeasedJob, watch: ConnectionWatch?, coordinator: Coordinator) async -> Response {
        if watch?.isClosed == true {
            await coordinator.releaseUndelivered(leased)
            return Response(status: .noContent)
        }
        var response = APIJSON.response(PolledJobBody(leased))
        let answer = response.body
        response.body = ResponseBody(contentLength: answer.contentLength) { writer in
            do {
                try await answer.write(writer)
            } catch {
                await coordinator.releaseUndelivered(leased)
                throw error
            }
        }
        return response
    }
}
