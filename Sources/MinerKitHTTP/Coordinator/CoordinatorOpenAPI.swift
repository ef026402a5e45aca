import MinerKit

/// The OpenAPI document of everything the coordinator serves (`GET /openapi.json`), built from the
/// coordinator wire types' schemas. A test checks that every registered route appears here and nothing
/// else does.
enum CoordinatorOpenAPI {
    /// A client's key, in `X-Api-Key` or as a bearer token.
    static let client = APIOperation.Security.anyOf([["ApiKey"], ["Bearer"]])
    /// A miner's own key, with or without `X-Miner-ID` naming the miner.
    static let miner = APIOperation.Security.anyOf([["ApiKey", "MinerID"], ["ApiKey"], ["Bearer"]])
    /// A miner's key when it has one (a new miner registers without).
    static let optionalMiner = APIOperation.Security.anyOf([[]] + miner.requirements)

    static let document = OpenAPIDocument(
        title: "MinerKit Coordinator API",
        description: "AITBC-compatible coordinator: jobs, miners, signed receipts, explorer.",
        server: "http://127.0.0.1:8001",
        securitySchemes: [
            .init("ApiKey", header: "X-Api-Key", description: "A client's or a miner's API key"),
            .bearer("Bearer", description: "The same key as X-Api-Key"),
            .init("MinerID", header: "X-Miner-ID", description: "The miner a request acts as"),
        ],
        operations: system + (clientJobs + specMiners + marketplaceMiners + deployedMiners + ledger + explorer).map {
            // Every route but `/health` and `/v1/keys` reads the store, which may be busy or unreachable.
            $0.path == "/v1/keys" ? $0 : $0.adding(errors: [503])
        })

    // MARK: Parameters

    private static let limit = CoordinatorQuery.limit.parameter
    private static let offset = CoordinatorQuery.offset.parameter
    private static let before = CoordinatorQuery.before.parameter
    private static let jobID = APIOperation.Parameter.path("job_id")
    /// `{id}` after `/v1/miners/`: the miner id in the marketplace routes...
    private static let minerPath = APIOperation.Parameter.path("id", description: "The miner id")
    /// ...and the job id in the deployed-miner result and fail routes.
    private static let jobInMinersPath = APIOperation.Parameter.path("id", description: "The job id")
    /// `?miner_id=`: a miner id, or empty for none; with `X-Miner-ID` it must name the same miner.
    private static let idempotencyKey = APIOperation.Parameter.header(
        "Idempotency-Key", .string(minLength: 1, maxLength: IdempotencyKey.maximumLength, pattern: "^[ -~]+$"),
        description: "Makes the submit exactly-once for this client: a repeat with the same key and body returns the first "
            + "job (201, `Idempotent-Replayed: true`); the same key with another body is 422 `idempotency_key_reused`. "
            + "Keys are kept at least 24 hours.")
    private static let minerIDOrEmpty = APIOperation.Parameter.query(
        "miner_id", .string(pattern: "^[A-Za-z0-9._:-]{0,128}$"),
        description: "The miner (else `X-Miner-ID`, else the key's own); with `X-Miner-ID` it must name the same one")

    // MARK: Operations

    private static let system = [
        APIOperation(.get, "/health", "Health check", tag: "System", ok: .reference(HealthBody.self)),
    ]

    private static let clientJobs = [
        APIOperation(.post, "/v1/jobs", "Submit a new job", tag: "Jobs", security: client, parameters: [idempotencyKey],
                     body: .reference("JobRequest", JobRequestBody.wireSchema), okStatus: 201,
                     ok: .reference(JobBody.self), errors: [400, 401, 413, 422]),
        APIOperation(.get, "/v1/jobs", "List the caller's jobs", tag: "Jobs", security: client, parameters: [
            .query("status", .string(values: JobState.allCases.map(\.apiName))), limit, offset,
        ], ok: .array(of: .reference(JobBody.self)), errors: [401, 422]),
        APIOperation(.get, "/v1/jobs/{job_id}", "Get job details", tag: "Jobs", security: client, parameters: [jobID],
                     ok: .reference(JobBody.self), errors: [401, 404]),
        APIOperation(.get, "/v1/jobs/{job_id}/receipt", "The signed receipt of a completed job", tag: "Jobs",
                     security: client, parameters: [jobID], ok: .reference(Receipt.self), errors: [401, 404]),
        APIOperation(.post, "/v1/jobs/{job_id}/cancel", "Cancel a job", tag: "Jobs", security: client, parameters: [jobID],
                     ok: .reference(JobBody.self), errors: [401, 404, 409]),
    ]

    private static let specMiners = [
        APIOperation(.post, "/v1/miners/register", "Register a miner (spec or deployed-miner body); 200 when it re-registers",
                     tag: "Miners", security: optionalMiner, parameters: [minerIDOrEmpty],
                     body: .reference(MinerRegisterBody.self), okStatus: 201, ok: .reference(MinerEnrollmentBody.self),
                     okDescription: "Registered a new miner", errors: [400, 401, 403, 409],
                     extra: [.init(status: 200, description: "Re-registered an existing miner",
                                   schema: .reference(MinerEnrollmentBody.self))]),
        APIOperation(.get, "/v1/jobs/available", "Next job available to a miner (not leased), or null", tag: "Miners",
                     security: miner, parameters: [.query("miner_id", MinerWireSchemas.minerID, required: true)],
                     ok: WireSchema.reference(JobBody.self).nullable(), errors: [401, 403, 404, 422, 429]),
        APIOperation(.post, "/v1/jobs/{job_id}/claim", "Claim (lease) a job", tag: "Miners", security: miner,
                     parameters: [jobID], body: .reference(ClaimBody.self), ok: .reference(LeasedJobBody.self),
                     errors: [400, 401, 403, 404, 409, 422, 429]),
        APIOperation(.post, "/v1/jobs/{job_id}/complete", "Submit a job result; returns the signed receipt", tag: "Miners",
                     security: miner, parameters: [jobID], body: ResultBody.specSchema, ok: .reference(Receipt.self),
                     errors: [400, 401, 403, 404, 409, 422, 429]),
    ]

    private static let marketplaceMiners = [
        APIOperation(.post, "/v1/miners", "List a marketplace miner; the api_key is shown once", tag: "Miners",
                     body: MinerListingBody.creationSchema, okStatus: 201, ok: .reference(MinerEnrollmentBody.self),
                     errors: [400, 422]),
        APIOperation(.put, "/v1/miners/{id}", "Update a miner's listing", tag: "Miners", security: miner,
                     parameters: [minerPath], body: .reference(MinerListingBody.self), ok: .reference(MinerBody.self),
                     errors: [400, 401, 403, 404, 422, 429]),
        APIOperation(.post, "/v1/miners/{id}/heartbeat", "Heartbeat; renews the miner's leases", tag: "Miners",
                     security: miner, parameters: [minerPath], body: .reference(HeartbeatBody.self), bodyRequired: false,
                     ok: .reference(HeartbeatStatusBody.self), errors: [400, 401, 403, 404, 422, 429]),
        APIOperation(.get, "/v1/miners/{id}/jobs/available", "Queued jobs the miner can run", tag: "Miners",
                     security: miner, parameters: [minerPath, limit],
                     ok: .reference(AvailableJobsBody.self), errors: [401, 403, 404, 422, 429]),
        APIOperation(.post, "/v1/miners/{id}/jobs/{job_id}/accept", "Accept (lease) a job", tag: "Miners",
                     security: miner, parameters: [minerPath, jobID], ok: .reference(LeasedJobBody.self),
                     errors: [401, 403, 404, 409, 429]),
        APIOperation(.post, "/v1/miners/{id}/jobs/{job_id}/complete", "Complete a job by result hash; returns the receipt",
                     tag: "Miners", security: miner, parameters: [minerPath, jobID], body: .reference(ResultBody.self),
                     ok: .reference(Receipt.self), errors: [400, 401, 403, 404, 409, 422, 429]),
        APIOperation(.get, "/v1/miners/{id}/stats", "Miner statistics", tag: "Miners", security: miner,
                     parameters: [minerPath], ok: .reference(MinerStatsBody.self), errors: [401, 403, 404, 429]),
    ]

    private static let deployedMiners = [
        APIOperation(.post, "/v1/miners/heartbeat", "Deployed-miner heartbeat; renews the leases the miner knows",
                     tag: "Miners", security: miner, parameters: [minerIDOrEmpty], body: .reference(HeartbeatBody.self),
                     bodyRequired: false, ok: .reference(HeartbeatStatusBody.self), errors: [400, 401, 403, 404, 422, 429]),
        APIOperation(.post, "/v1/miners/poll",
                     "Long poll for a job (204 when none arrived in time or the miner is at capacity)", tag: "Miners",
                     security: miner, body: .reference(PollBody.self), bodyRequired: false,
                     ok: .reference(PolledJobBody.self), errors: [400, 401, 404, 409, 422, 429],
                     extra: [.init(status: 204, description: "No job within max_wait_seconds", schema: nil)]),
        APIOperation(.post, "/v1/miners/{id}/result", "Deployed-miner result; returns the receipt", tag: "Miners",
                     security: miner, parameters: [jobInMinersPath], body: .reference(ResultBody.self),
                     ok: .reference(ResultAcceptedBody.self), errors: [400, 401, 404, 409, 422, 429]),
        APIOperation(.post, "/v1/miners/{id}/fail", "Deployed-miner failure report", tag: "Miners", security: miner,
                     parameters: [jobInMinersPath], body: .reference(FailBody.self), bodyRequired: false,
                     ok: .reference(JobStatusBody.self), errors: [400, 401, 404, 409, 422, 429]),
    ]

    private static let ledger = [
        APIOperation(.get, "/v1/keys", "Public keys receipts are signed with", tag: "Receipts",
                     ok: .reference(KeysBody.self)),
        APIOperation(.get, "/v1/receipts", "List receipts", tag: "Receipts", parameters: [
            .query("client", .string()), .query("provider", .string()), limit, offset,
        ], ok: .array(of: .reference(Receipt.self)), errors: [422]),
        APIOperation(.get, "/v1/receipts/{receipt_id}", "Get receipt details", tag: "Receipts",
                     parameters: [.path("receipt_id")], ok: .reference(Receipt.self), errors: [404]),
        APIOperation(.get, "/v1/receipts/{receipt_id}/proof", "Merkle inclusion proof of a sealed receipt", tag: "Receipts",
                     parameters: [.path("receipt_id")], ok: .reference(InclusionProof.self), errors: [404]),
    ]

    private static let explorer = [
        APIOperation(.get, "/explorer/blocks", "Recent blocks", tag: "Explorer",
                     parameters: [CoordinatorQuery.blockLimit.parameter, before],
                     ok: .array(of: .reference(Block.self)), errors: [422]),
        APIOperation(.get, "/explorer/blocks/{height}", "A block and its transaction ids", tag: "Explorer",
                     parameters: [.path("height", .integer(minimum: 0, maximum: Int(Int32.max)))],
                     ok: .reference(BlockDetailBody.self), errors: [404, 422]),
        APIOperation(.get, "/explorer/transactions", "Recent transactions (stable tx_id and sequence)", tag: "Explorer",
                     parameters: [limit, before], ok: .array(of: .reference(TransactionBody.self)),
                     errors: [422]),
        APIOperation(.get, "/explorer/receipts", "Recent receipts", tag: "Explorer", parameters: [limit, before],
                     ok: .array(of: .reference(Receipt.self)), errors: [422]),
        APIOperation(.get, "/explorer/stats", "Network statistics", tag: "Explorer", ok: .reference(NetworkStatsBody.self)),
        APIOperation(.get, "/v1/explorer/blocks", "Recent blocks, as AITBC's client reads them (adds proposer, tx_count)",
                     tag: "Explorer", parameters: [CoordinatorQuery.blockLimit.parameter, before],
                     ok: AITBCExplorerRoutes.itemsSchema(.anyObject), errors: [422]),
        APIOperation(.get, "/v1/explorer/transactions",
                     "Recent transactions, as AITBC's client reads them (adds hash, block, from, to, value, status)",
                     tag: "Explorer", parameters: [limit, before], ok: AITBCExplorerRoutes.itemsSchema(.anyObject), errors: [422]),
        APIOperation(.get, "/v1/explorer/receipts", "Recent receipts, as AITBC's client reads them (adds status, payload)",
                     tag: "Explorer", parameters: [limit, before], ok: AITBCExplorerRoutes.itemsSchema(.anyObject), errors: [422]),
    ]
}
