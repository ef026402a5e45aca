import MinerKit

/// One documented operation of an HTTP API: what it takes, who may call it and every status it answers.
///
/// ```swift
/// APIOperation(.post, "/api/v1/tasks/{id}/submit_evaluation", "Submit evaluations for a batch", tag: "Tasks",
///              security: .all(PoolOpenAPI.miner), parameters: [.path("id")],
///              body: .reference("PoolEvaluationSubmission", PoolEvaluationSubmission.wireSchema(limits: limits)),
///              ok: .reference(PoolSubmissionResult.self), errors: [400, 401, 404, 413, 422])
/// ```
///
/// Every operation also documents 500 (`internal_error`); error statuses share the
/// `{"detail", "error_code"}` body (``APIErrorBody``).
public struct APIOperation: Sendable {
    /// An HTTP method, as the document spells it.
    public enum Method: String, Sendable, CaseIterable {
        case get, put, post, delete, patch
    }

    /// Who may call an operation: alternative requirements, any one of which is enough; each names the
    /// security schemes a call presents together. No requirement at all: the operation is public.
    public struct Security: Sendable, Equatable {
        /// The alternatives; an empty one means a call may also come without credentials.
        public var requirements: [[String]]

        /// A public operation.
        public static let none = Security(requirements: [])

        /// Every scheme of `schemes` together (public when empty).
        public static func all(_ schemes: [String]) -> Security {
            Security(requirements: schemes.isEmpty ? [] : [schemes])
        }

        /// Any one of `requirements` (`[]` among them: credentials are optional).
        public static func anyOf(_ requirements: [[String]]) -> Security {
            Security(requirements: requirements)
        }
    }

    /// A query or path parameter.
    public struct Parameter: Sendable {
        public var name: String
        /// `query` or `path`.
        public var location: String
        public var required: Bool
        public var schema: WireSchema
        public var description: String?

        /// A query parameter, optional unless `required`.
        public static func query(_ name: String, _ schema: WireSchema, required: Bool = false,
                                 description: String? = nil) -> Parameter {
            Parameter(name: name, location: "query", required: required, schema: schema, description: description)
        }

        /// A path parameter (always required).
        public static func path(_ name: String, _ schema: WireSchema = .string(minLength: 1),
                                description: String? = nil) -> Parameter {
            Parameter(name: name, location: "path", required: true, schema: schema, description: description)
        }
    }

    /// One response: a status, what it means and its body.
    public struct Response: Sendable {
        public var status: Int
        public var description: String
        /// The JSON body, `nil` for none.
        public var schema: WireSchema?
        /// The body's media type.
        public var contentType: String
        /// Header names the response always carries, with their descriptions.
        public var headers: [String: String]

        /// A response with a JSON (or `contentType`) body described by `schema`.
        public init(status: Int, description: String, schema: WireSchema?, contentType: String = "application/json",
                    headers: [String: String] = [:]) {
            self.status = status
            self.description = description
            self.schema = schema
            self.contentType = contentType
            self.headers = headers
        }
    }

    public var method: Method
    /// The path template, parameters in braces (`/v1/jobs/{job_id}`), as the router registers it.
    public var path: String
    public var summary: String
    /// The group the operation is listed under.
    public var tag: String
    /// Who may call it.
    public var security: Security
    public var parameters: [Parameter]
    /// The JSON request body, with whether it must be sent.
    public var body: (schema: WireSchema, required: Bool)?
    public var responses: [Response]

    /// An operation answering `ok` (status `okStatus`) and the error statuses `errors` (plus 500, and 413
    /// when it takes a body: every server bounds bodies before a route runs).
    ///
    /// `errors` lists the statuses the route itself produces (401 from its security, 400/422 from its
    /// body, 404 from its lookups...); their descriptions come from ``errorDescription(_:)``.
    public init(_ method: Method, _ path: String, _ summary: String, tag: String, security: Security = .none,
                parameters: [Parameter] = [], body: WireSchema? = nil, bodyRequired: Bool = true,
                okStatus: Int = 200, ok: WireSchema?, okDescription: String = "OK",
                okContentType: String = "application/json", errors: [Int] = [], extra: [Response] = []) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.security = security
        self.parameters = parameters
        self.body = body.map { ($0, bodyRequired) }
        var responses = [Response(status: okStatus, description: okDescription, schema: ok, contentType: okContentType)]
        responses += extra
        self.responses = responses
        self = adding(errors: errors + [500] + (body == nil ? [] : [413]))
    }

    /// This operation also answering the error statuses `errors` (those it does not document yet).
    public func adding(errors: [Int]) -> APIOperation {
        var operation = self
        let documented = Set(responses.map(\.status))
        for status in Set(errors).subtracting(documented).sorted() {
            operation.responses.append(Self.error(status))
        }
        return operation
    }

    /// The standard error response for `status`.
    public static func error(_ status: Int) -> Response {
        Response(status: status, description: errorDescription(status), schema: .reference(APIErrorBody.self),
                 headers: status == 429 ? ["Retry-After": "Seconds to wait before retrying"] : [:])
    }

    /// What an error status means on every MinerKit API.
    public static func errorDescription(_ status: Int) -> String {
        switch status {
        case 400: "Invalid request: the body is not JSON (`invalid_json`) or a value is refused"
        case 401: "Missing or invalid credentials"
        case 403: "The credentials may not do this"
        case 404: "Not found"
        case 405: "Method not allowed on this path (the `Allow` header lists the methods)"
        case 409: "Conflict with the current state"
        case 413: "The request body is larger than the server accepts (`payload_too_large`)"
        case 422: "A field is missing, has the wrong type or is out of range (`validation_error`)"
        case 429: "Rate limited; retry after `Retry-After` seconds"
        case 500: "Internal error (`internal_error`), with a safe message"
        case 503: "Not ready, or busy; retry shortly"
        default: "Error"
        }
    }

    /// The operation's OpenAPI object; its schemas' components are collected by ``OpenAPIDocument``.
    var json: JSONValue {
        var operation: [String: JSONValue] = ["summary": .string(summary), "tags": [.string(tag)],
                                              "operationId": .string(operationID)]
        if !parameters.isEmpty {
            operation["parameters"] = .array(parameters.map { parameter in
                var json: [String: JSONValue] = ["name": .string(parameter.name), "in": .string(parameter.location),
                                                 "required": .bool(parameter.required), "schema": parameter.schema.json]
                if let description = parameter.description { json["description"] = .string(description) }
                return .object(json)
            })
        }
        if let body {
            operation["requestBody"] = ["required": .bool(body.required),
                                        "content": ["application/json": ["schema": body.schema.json]]]
        }
        operation["security"] = .array(security.requirements.map { schemes in
            .object(Dictionary(uniqueKeysWithValues: schemes.map { ($0, JSONValue.array([])) }))
        })
        var responses: [String: JSONValue] = [:]
        for response in self.responses {
            var json: [String: JSONValue] = ["description": .string(response.description)]
            if let schema = response.schema {
                json["content"] = .object([response.contentType: ["schema": schema.json]])
            }
            if !response.headers.isEmpty {
                json["headers"] = .object(response.headers.mapValues { description in
                    ["description": .string(description), "required": true, "schema": ["type": "string"]]
                })
            }
            responses[String(response.status)] = .object(json)
        }
        operation["responses"] = .object(responses)
        return .object(operation)
    }

    /// `method` and path in one identifier (`post_api_v1_tasks_lease`).
    var operationID: String {
        let words = path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_")
        return "\(method.rawValue)_\(words)"
    }

    /// Every named schema the operation reaches.
    var components: [String: JSONValue] {
        var all: [String: JSONValue] = [:]
        let schemas = parameters.map(\.schema) + (body.map { [$0.schema] } ?? []) + responses.compactMap(\.schema)
        for schema in schemas { all.merge(schema.components) { first, _ in first } }
        return all
    }
}
