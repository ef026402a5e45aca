import MinerKit

/// The OpenAPI 3 document of everything the coordinator serves (`GET /openapi.json`). A test checks
/// that every registered route appears here, so the document stays true.
enum CoordinatorOpenAPI {
    static let document: JSONValue = .object([
        "openapi": "3.0.3",
        "info": .object(["title": "MinerKit Coordinator API", "version": "1.0.0",
                         "description": "AITBC-compatible coordinator: jobs, miners, signed receipts, explorer."]),
        "servers": .array([.object(["url": "http://127.0.0.1:8001", "description": "Local development"])]),
        "paths": .object(paths),
        "components": .object(["securitySchemes": .object([
            "ApiKey": .object(["type": "apiKey", "in": "header", "name": "X-Api-Key"]),
            "Bearer": .object(["type": "http", "scheme": "bearer", "description": "The same key as X-Api-Key"]),
            "MinerID": .object(["type": "apiKey", "in": "header", "name": "X-Miner-ID"]),
        ]), "schemas": .object(schemas)]),
    ])

    // MARK: Paths

    private static let paths: [String: JSONValue] = [
        "/health": ["get": op("Health check", "System", auth: .none, ok: obj(["status": str, "version": str]))],
        "/openapi.json": ["get": op("This document", "System", auth: .none, ok: .object(["type": "object"]))],
        "/docs": ["get": op("This document as a page to read", "System", auth: .none, ok: str,
                            extra: ["200": ["description": "OK", "content": ["text/html": ["schema": str]]]])],
        "/metrics": ["get": ["summary": "Prometheus metrics (text format 0.0.4)", "tags": ["System"], "responses": [
            "200": ["description": "OK", "content": ["text/plain": ["schema": ["type": "string"]]]]]]],
        "/v1/keys": ["get": op("Public keys receipts are signed with", "Receipts", auth: .none, ok: ref("Keys"))],
        "/v1/jobs": [
            "post": op("Submit a new job", "Jobs", auth: .client, body: ref("JobRequest"), okStatus: "201",
                       ok: ref("Job"), errors: ["400", "401", "413"]),
            "get": op("List the caller's jobs", "Jobs", auth: .client, params: [
                query("status", .object(["type": "string", "enum": ["pending", "running", "completed", "failed", "cancelled"]])),
                query("limit", int(default: 20, min: 1, max: 100)), query("offset", int(default: 0, min: 0, max: Int(Int32.max))),
            ], ok: array(ref("Job")), errors: ["401", "422"]),
        ],
        "/v1/jobs/{job_id}": ["get": op("Get job details", "Jobs", auth: .client, params: [path("job_id")],
                                        ok: ref("Job"), errors: ["401", "404"])],
        "/v1/jobs/{job_id}/receipt": ["get": op("The signed receipt of a completed job", "Jobs", auth: .client,
                                                params: [path("job_id")], ok: ref("Receipt"), errors: ["401", "404"])],
        "/v1/jobs/{job_id}/cancel": ["post": op("Cancel a job", "Jobs", auth: .client, params: [path("job_id")],
                                                ok: ref("Job"), errors: ["401", "404", "409"])],
        "/v1/jobs/available": ["get": op("Next job available to a miner (not leased), or null", "Miners", auth: .miner,
                                         params: [query("miner_id", minerID, required: true)],
                                         ok: .object(["allOf": [ref("Job")], "nullable": true]),
                                         errors: ["401", "403", "404", "422", "429"])],
        "/v1/jobs/{job_id}/claim": ["post": op("Claim (lease) a job", "Miners", auth: .miner, params: [path("job_id")],
                                               body: obj(["miner_id": minerID], required: ["miner_id"]), ok: ref("LeasedJob"),
                                               errors: ["400", "401", "403", "404", "409", "422", "429"])],
        "/v1/jobs/{job_id}/complete": ["post": op("Submit a job result; returns the signed receipt", "Miners", auth: .miner,
                                                  params: [path("job_id")], body: ref("JobResult"), ok: ref("Receipt"),
                                                  errors: ["400", "401", "403", "404", "409", "422", "429"])],
        "/v1/miners/register": ["post": op("Register a miner (spec or deployed-miner body); 200 when it re-registers",
                                           "Miners", auth: .optionalMiner, params: [query("miner_id", minerIDOrEmpty)],
                                           body: ref("MinerRegistration"), okStatus: "201", ok: ref("MinerEnrollment"),
                                           extra: ["200": .object(["description": "Re-registered an existing miner",
                                                                   "content": .object(["application/json": .object(["schema": ref("MinerEnrollment")])])])],
                                           errors: ["400", "401", "403", "409"])],
        "/v1/miners": ["post": op("List a marketplace miner; the api_key is shown once", "Miners", auth: .none,
                                  body: ref("MinerListing"), okStatus: "201", ok: ref("MinerEnrollment"),
                                  errors: ["400", "422"])],
        "/v1/miners/{id}": ["put": op("Update a miner's listing", "Miners", auth: .miner, params: [minerPath],
                                            body: ref("MinerListingUpdate"), ok: ref("Miner"),
                                            errors: ["400", "401", "403", "404", "422", "429"])],
        "/v1/miners/{id}/heartbeat": ["post": op("Heartbeat; renews the miner's leases", "Miners", auth: .miner,
                                                       params: [minerPath], body: heartbeat, bodyRequired: false,
                                                       ok: ref("HeartbeatStatus"),
                                                       errors: ["400", "401", "403", "404", "422", "429"])],
        "/v1/miners/{id}/jobs/available": ["get": op("Queued jobs the miner can run", "Miners", auth: .miner,
                                                            params: [minerPath, query("limit", int(default: 20, min: 1, max: 100))],
                                                            ok: obj(["jobs": array(ref("AvailableJob"))]),
                                                            errors: ["401", "403", "404", "422", "429"])],
        "/v1/miners/{id}/jobs/{job_id}/accept": ["post": op("Accept (lease) a job", "Miners", auth: .miner,
                                                                   params: [minerPath, path("job_id")], ok: ref("LeasedJob"),
                                                                   errors: ["401", "403", "404", "409", "429"])],
        "/v1/miners/{id}/jobs/{job_id}/complete": ["post": op("Complete a job by result hash; returns the receipt", "Miners",
                                                                     auth: .miner, params: [minerPath, path("job_id")],
                                                                     body: ref("MinerJobResult"), ok: ref("Receipt"),
                                                                     errors: ["400", "401", "403", "404", "409", "422", "429"])],
        "/v1/miners/{id}/stats": ["get": op("Miner statistics", "Miners", auth: .miner, params: [minerPath],
                                                  ok: ref("MinerStats"), errors: ["401", "403", "404", "429"])],
        "/v1/miners/heartbeat": ["post": op("Deployed-miner heartbeat; renews the leases the miner knows", "Miners",
                                            auth: .miner, params: [query("miner_id", minerIDOrEmpty)], body: heartbeat, bodyRequired: false,
                                            ok: ref("HeartbeatStatus"), errors: ["400", "401", "403", "404", "422", "429"])],
        "/v1/miners/poll": ["post": op("Long poll for a job (204 when none arrived in time or the miner is at capacity)",
                                       "Miners", auth: .miner,
                                       body: obj(["max_wait_seconds": .object(["type": "number", "minimum": 0, "nullable": true,
                                                                  "description": "Capped by the coordinator (30 s by default)"])]),
                                       bodyRequired: false,
                                       ok: ref("PolledJob"),
                                       extra: ["204": .object(["description": "No job within max_wait_seconds"])],
                                       errors: ["400", "401", "404", "409", "422", "429"])],
        "/v1/miners/{id}/result": ["post": op("Deployed-miner result; returns the receipt", "Miners", auth: .miner,
                                                  params: [jobInMinersPath], body: ref("MinerJobResult"),
                                                  ok: obj(["status": str, "receipt": ref("Receipt")]),
                                                  errors: ["400", "401", "404", "409", "422", "429"])],
        "/v1/miners/{id}/fail": ["post": op("Deployed-miner failure report", "Miners", auth: .miner,
                                                params: [jobInMinersPath],
                                                body: obj(["reason": nullable(str), "error": nullable(str),
                                                           "retryable": nullable(.object(["type": "boolean"])),
                                                           "lease_token": nullable(integer)]),
                                                bodyRequired: false, ok: obj(["job_id": str, "status": str]),
                                                errors: ["400", "401", "404", "409", "422", "429"])],
        "/v1/receipts": ["get": op("List receipts", "Receipts", auth: .none, params: [
            query("client", str), query("provider", str), query("limit", int(default: 20, min: 1, max: 100)),
            query("offset", int(default: 0, min: 0, max: Int(Int32.max))),
        ], ok: array(ref("Receipt")), errors: ["422"])],
        "/v1/receipts/{receipt_id}": ["get": op("Get receipt details", "Receipts", auth: .none, params: [path("receipt_id")],
                                                ok: ref("Receipt"), errors: ["404"])],
        "/v1/receipts/{receipt_id}/proof": ["get": op("Merkle inclusion proof of a sealed receipt", "Receipts", auth: .none,
                                                      params: [path("receipt_id")], ok: ref("InclusionProof"),
                                                      errors: ["404"])],
        "/explorer/blocks": ["get": op("Recent blocks", "Explorer", auth: .none, params: [
            query("limit", int(default: 10, min: 1, max: 100)), before,
        ], ok: array(ref("Block")), errors: ["422"])],
        "/explorer/blocks/{height}": ["get": op("A block and its transaction ids", "Explorer", auth: .none,
                                                params: [path("height", schema: .object(["type": "integer", "minimum": 0,
                                                                                         "maximum": .number(Double(Int32.max))]))],
                                                ok: ref("BlockDetail"), errors: ["404", "422"])],
        "/explorer/transactions": ["get": op("Recent transactions (stable tx_id and sequence)", "Explorer", auth: .none, params: [
            query("limit", int(default: 20, min: 1, max: 100)), before,
        ], ok: array(ref("Transaction")), errors: ["422"])],
        "/explorer/receipts": ["get": op("Recent receipts", "Explorer", auth: .none, params: [
            query("limit", int(default: 20, min: 1, max: 100)), before,
        ], ok: array(ref("Receipt")), errors: ["422"])],
        "/explorer/stats": ["get": op("Network statistics", "Explorer", auth: .none, ok: ref("NetworkStats"))],
    ]

    // MARK: Schemas

    private static let dateTime: JSONValue = .object(["type": "string", "format": "date-time"])
    private static let number: JSONValue = .object(["type": "number"])
    private static let integer: JSONValue = .object(["type": "integer"])
    private static let anyObject: JSONValue = .object(["type": "object"])

    private static let jobFields: [String: JSONValue] = [
        "job_id": str, "status": .object(["type": "string", "enum": ["pending", "running", "completed", "failed", "cancelled"]]),
        "prompt": str, "model": str, "params": anyObject, "price": number, "result": str, "result_hash": str,
        "miner_id": str, "error": str, "attempts": integer, "created_at": dateTime, "started_at": dateTime,
        "completed_at": dateTime,
    ]

    /// A miner id as ``MinerRules`` accepts it.
    private static let minerID: JSONValue = .object(["type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"])
    /// `?miner_id=`: a miner id, or empty for none; with `X-Miner-ID` it must name the same miner.
    private static let minerIDOrEmpty: JSONValue = .object(["type": "string", "pattern": "^[A-Za-z0-9._:-]{0,128}$"])
    private static let maxConcurrent: JSONValue = .object(["type": "integer", "minimum": 1, "maximum": 1024])
    /// Model names a miner serves: at most 64, each of 1 to 128 UTF-8 bytes.
    private static let capabilities: JSONValue = .object([
        "type": "array", "maxItems": 64, "description": "At most 64 model names of 1 to 128 UTF-8 bytes",
        "items": .object(["type": "string", "minLength": 1, "maxLength": 128]),
    ])

    /// Every listing member is optional and may be null (absent).
    private static let listingFields: [String: JSONValue] = [
        "name": str, "gpu_type": str, "gpu_count": .object(["type": "integer", "minimum": 1, "maximum": 1024]),
        "location": str, "price_per_hour": number, "max_concurrent": maxConcurrent, "capabilities": capabilities,
    ].mapValues(nullable)

    /// A result is kept as text: a string as is, any other non-null JSON value as its JSON text. A null
    /// member is an absent one.
    private static let result: JSONValue = .object([
        "anyOf": [str, number, .object(["type": "boolean"]), .object(["type": "array"]), anyObject],
        "description": "The result text, or any other JSON value (kept as its JSON text)",
    ])
    private static let jobResultFields: [String: JSONValue] = [
        "miner_id": nullable(minerID), "result": result, "result_hash": nullable(str),
        "metrics": nullable(.object(["type": "object", "additionalProperties": number, "maxProperties": 64])),
        "lease_token": nullable(integer), "completed_at": nullable(dateTime),
    ]

    /// The deployed miner's heartbeat; every member optional (null: absent), and so is the body.
    private static let heartbeat: JSONValue = obj([
        "inflight": .object(["type": "integer", "minimum": 0, "maximum": .number(Double(Int32.max))]), "status": str,
        "metadata": .object(["description": "Any JSON value, kept for operators"]), "job_ids": array(str),
    ].mapValues(nullable))

    private static let schemas: [String: JSONValue] = [
        "Error": obj(["detail": str, "error_code": str]),
        "JobRequest": jobRequest,
        "Job": obj(jobFields),
        "LeasedJob": obj(jobFields.merging(["lease_token": integer, "lease_expires_at": dateTime]) { a, _ in a }),
        "PolledJob": obj(["job_id": str, "payload": anyObject,
                          "constraints": obj(["model": str, "lease_token": integer, "lease_expires_at": dateTime,
                                              "attempt": integer])]),
        "AvailableJob": obj(["job_id": str, "model": str, "gpu_type": .object(["type": "string", "nullable": true]),
                             "gpu_count": integer, "estimated_time": .object(["type": "number", "nullable": true]),
                             "price": number], required: ["job_id", "model", "gpu_type", "gpu_count", "estimated_time", "price"]),
        "JobResult": obj(jobResultFields.merging(["miner_id": minerID]) { _, new in new }, required: ["miner_id", "result"]),
        "MinerJobResult": .object(["type": "object", "properties": .object(jobResultFields),
                                   "anyOf": [.object(["required": ["result"]]),
                                             .object(["required": ["result_hash"], "properties": ["result_hash": str]])],
                                   "description": "A result, a result hash, or both"]),
        "Receipt": obj(["receipt_id": str, "job_id": str, "provider": str, "client": str, "units": number,
                        "unit_type": str, "price": number, "model": str, "started_at": integer,
                        "completed_at": integer, "result_hash": str, "signature": ref("Signature"),
                        "format_version": formatVersion("receipt", covered: "signature")]),
        "Signature": obj(["alg": str, "key_id": str, "sig": str]),
        "Keys": obj(["keys": array(obj(["alg": str, "key_id": str, "public_key_hex": str, "use": str]))]),
        "MinerRegistration": obj(["miner_id": nullable(minerID),
                                  "capabilities": .object(["oneOf": [capabilities, anyObject],
                                                           "description": "Model names, or an object describing the hardware (its `models` list names the models; none means any)"]),
                                  "gpu_info": nullable(obj(["name": str, "memory": str])),
                                  "concurrency": nullable(maxConcurrent), "max_concurrent": nullable(maxConcurrent),
                                  "region": nullable(str), "name": nullable(str)],
                                 required: ["capabilities"]),
        "MinerListing": obj(listingFields.merging(["name": .object(["type": "string", "minLength": 1])]) { _, new in new },
                            required: ["name"]),
        "MinerListingUpdate": obj(listingFields),
        "MinerEnrollment": obj(["miner_id": str, "api_key": str, "status": str, "capabilities": array(str)]),
        "Miner": obj(["miner_id": str, "name": str, "status": str, "capabilities": array(str),
                      "max_concurrent": integer, "region": str, "attributes": anyObject,
                      "registered_at": dateTime, "last_heartbeat": dateTime]),
        "HeartbeatStatus": obj(["status": str, "jobs_assigned": integer, "queue_length": integer]),
        "MinerStats": obj(["total_jobs": integer, "success_rate": number, "average_completion_time": number,
                           "earnings": number, "earnings_per_gpu_hour": number, "reputation": number]),
        "Block": obj(["height": integer, "hash": str, "previous_hash": str, "timestamp": dateTime,
                      "merkle_root": str, "transactions": integer, "format_version": formatVersion("block", covered: "hash")]),
        "BlockDetail": obj(["height": integer, "hash": str, "previous_hash": str, "timestamp": dateTime,
                            "merkle_root": str, "transactions": integer, "format_version": formatVersion("block", covered: "hash"),
                            "tx_ids": array(str), "receipt_ids": array(str)]),
        "InclusionProof": obj(["receipt_id": str, "tx_id": str, "block_height": integer, "block_hash": str,
                               "merkle_root": str, "index": integer,
                               "proof": array(obj(["hash": str, "position": .object(["type": "string", "enum": ["left", "right"]])]))]),
        "Transaction": obj(["tx_id": str, "sequence": integer, "receipt_id": str, "job_id": str, "client": str,
                            "provider": str, "units": number, "price": number, "model": str,
                            "completed_at": integer, "block_height": integer]),
        "NetworkStats": obj(["total_jobs": integer, "active_miners": integer, "total_receipts": integer,
                             "block_height": integer]),
    ]

    /// `{prompt, model, params}` or `{payload}`: a non-null `prompt` or `payload` is required; every
    /// other member may be absent or null, but the GPU requirements, which must be values when sent.
    private static let jobRequest: JSONValue = {
        let gpuType: JSONValue = ["type": "string", "minLength": 1, "maxLength": 128,
                                  "description": "A GPU model name of 1 to 128 UTF-8 bytes"]
        let gpuCount: JSONValue = ["type": "integer", "minimum": 1, "maximum": 1024]
        let estimatedTime: JSONValue = ["type": "number", "minimum": 0]
        let params: JSONValue = [
            "type": "object", "nullable": true,
            "properties": [
                "max_tokens": ["type": "integer", "default": JobSubmission.defaultSamplingParams["max_tokens"] ?? .null,
                               "minimum": 1, "maximum": .number(Double(Int32.max))],
                "temperature": ["type": "number", "default": JobSubmission.defaultSamplingParams["temperature"] ?? .null, "minimum": 0],
                "top_p": ["type": "number", "default": JobSubmission.defaultSamplingParams["top_p"] ?? .null, "minimum": 0],
                "gpu_type": gpuType, "gpu_count": gpuCount, "estimated_time": estimatedTime,
            ],
        ]
        return [
            "type": "object",
            "properties": [
                "prompt": ["type": "string", "nullable": true],
                "model": ["type": "string", "nullable": true, "minLength": 1, "maxLength": 128, "default": .string(JobSubmission.defaultModel),
                          "description": "1 to 128 UTF-8 bytes; with a payload, payload.model when absent"],
                "params": params,
                "payload": ["type": "object", "nullable": true],
                "price": ["type": "number", "nullable": true, "minimum": 0],
                "priority": ["type": "integer", "nullable": true, "minimum": .number(Double(Int32.min)),
                             "maximum": .number(Double(Int32.max))],
                "gpu_type": gpuType, "gpu_count": gpuCount, "estimated_time": estimatedTime,
            ],
            "anyOf": [
                ["required": ["prompt"], "properties": ["prompt": ["type": "string"]]],
                ["required": ["payload"], "properties": ["payload": ["type": "object"]]],
            ],
        ]
    }()

    // MARK: Builders

    /// A `format_version` property: absent on version 1 documents, covered by the signature or hash when present.
    private static func formatVersion(_ document: String, covered: String) -> JSONValue {
        .object(["type": "integer", "minimum": 1, "description": .string(
            "Format version of this \(document) (absent: version 1). When present it is covered by the \(covered).")])
    }

    private enum Auth { case none, client, miner, optionalMiner }

    private static let str: JSONValue = .object(["type": "string"])

    /// `schema`, also allowing null.
    private static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        members["nullable"] = true
        return .object(members)
    }

    private static func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }

    private static func array(_ items: JSONValue) -> JSONValue { .object(["type": "array", "items": items]) }

    private static func obj(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        return .object(schema)
    }

    private static func int(default value: Int, min: Int? = nil, max: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "integer", "default": .number(Double(value))]
        if let min { schema["minimum"] = .number(Double(min)) }
        if let max { schema["maximum"] = .number(Double(max)) }
        return .object(schema)
    }

    /// The explorer's `before` cursor: a sequence or height to list below.
    private static let before = query("before", .object(["type": "integer", "minimum": 1, "maximum": .number(Double(Int32.max))]))

    /// `{id}` after `/v1/miners/`: the miner id in the marketplace routes...
    private static let minerPath = path("id", "The miner id")
    /// ...and the job id in the deployed-miner result and fail routes.
    private static let jobInMinersPath = path("id", "The job id")

    private static func path(_ name: String, _ description: String? = nil, schema: JSONValue = str) -> JSONValue {
        if let description {
            return .object(["name": .string(name), "in": "path", "required": true, "schema": schema,
                            "description": .string(description)])
        }
        return .object(["name": .string(name), "in": "path", "required": true, "schema": schema])
    }

    private static func query(_ name: String, _ schema: JSONValue, required: Bool = false) -> JSONValue {
        .object(["name": .string(name), "in": "query", "required": .bool(required), "schema": schema])
    }

    private static func op(_ summary: String, _ tag: String, auth: Auth, params: [JSONValue] = [], body: JSONValue? = nil,
                           bodyRequired: Bool = true, okStatus: String = "200", ok: JSONValue, extra: [String: JSONValue] = [:],
                           errors: [String] = []) -> JSONValue {
        var responses: [String: JSONValue] = [okStatus: .object([
            "description": "OK", "content": .object(["application/json": .object(["schema": ok])]),
        ])]
        for code in errors {
            responses[code] = .object(["description": .string(errorDescriptions[code] ?? "Error"),
                                       "content": .object(["application/json": .object(["schema": ref("Error")])])])
        }
        responses.merge(extra) { _, new in new }
        var operation: [String: JSONValue] = ["summary": .string(summary), "tags": .array([.string(tag)]),
                                              "responses": .object(responses)]
        if !params.isEmpty { operation["parameters"] = .array(params) }
        if let body {
            operation["requestBody"] = .object(["required": .bool(bodyRequired),
                                                "content": .object(["application/json": .object(["schema": body])])])
        }
        switch auth {
        case .none: break
        case .client: operation["security"] = [["ApiKey": []], ["Bearer": []]]
        case .miner: operation["security"] = [["ApiKey": [], "MinerID": []], ["ApiKey": []], ["Bearer": []]]
        case .optionalMiner: operation["security"] = [[:], ["ApiKey": [], "MinerID": []], ["ApiKey": []], ["Bearer": []]]
        }
        return .object(operation)
    }

    private static let errorDescriptions: [String: String] = [
        "400": "Invalid request (malformed JSON, or a field the spec refuses with 400)", "401": "Authentication required or failed",
        "403": "Acting as another miner (or X-Miner-ID disagrees)", "404": "Not found", "409": "Conflict (state does not allow it)",
        "413": "Request body too large", "422": "Validation error (names the field)",
        "429": "Rate limited (see Retry-After)",
    ]
}
