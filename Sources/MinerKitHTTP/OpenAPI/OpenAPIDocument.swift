import MinerKit

/// An OpenAPI 3.0 document assembled from ``APIOperation``s: paths, per-operation security, every
/// status, and the component schemas the operations reach (taken from the wire types' ``WireSchema``s).
///
/// Each server serves its document at `/openapi.json` and renders it for people at `/docs`
/// (``OpenAPIRoutes``).
public struct OpenAPIDocument: Sendable {
    /// A security scheme: an API key carried in a header, or a bearer token in `Authorization`.
    public struct SecurityScheme: Sendable {
        public var name: String
        /// The header an API key travels in; `nil` for a bearer token.
        public var header: String?
        public var description: String

        /// The scheme `name`: an API key in header `header`, described by `description`.
        public init(_ name: String, header: String, description: String) {
            self.name = name
            self.header = header
            self.description = description
        }

        /// The scheme `name`: `Authorization: Bearer <token>`, described by `description`.
        public static func bearer(_ name: String, description: String) -> SecurityScheme {
            SecurityScheme(name: name, header: nil, description: description)
        }

        private init(name: String, header: String?, description: String) {
            self.name = name
            self.header = header
            self.description = description
        }

        var json: JSONValue {
            guard let header else {
                return ["type": "http", "scheme": "bearer", "description": .string(description)]
            }
            return ["type": "apiKey", "in": "header", "name": .string(header), "description": .string(description)]
        }
    }

    public var title: String
    public var description: String
    /// The default local address the server listens on.
    public var server: String
    public var securitySchemes: [SecurityScheme]
    public var operations: [APIOperation]

    /// A document titled `title` of `operations`, including `/openapi.json`, `/docs` and `/metrics`, which
    /// every server serves.
    public init(title: String, description: String, server: String, securitySchemes: [SecurityScheme] = [],
                operations: [APIOperation]) {
        self.title = title
        self.description = description
        self.server = server
        self.securitySchemes = securitySchemes
        self.operations = operations + [
            APIOperation(.get, OpenAPIRoutes.documentPath, "This OpenAPI document", tag: "System", ok: .anyObject),
            APIOperation(.get, OpenAPIRoutes.docsPath, "This document as a page to read", tag: "System",
                         ok: .string(), okContentType: "text/html"),
            APIOperation(.get, MetricsRoutes.path, "Prometheus metrics (text format 0.0.4)", tag: "System",
                         ok: .string(), okContentType: "text/plain"),
        ]
    }

    /// The document as JSON.
    public var json: JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        var schemas: [String: JSONValue] = [:]
        for operation in operations {
            paths[operation.path, default: [:]][operation.method.rawValue] = operation.json
            schemas.merge(operation.components) { first, _ in first }
        }
        var components: [String: JSONValue] = ["schemas": .object(schemas)]
        if !securitySchemes.isEmpty {
            components["securitySchemes"] = .object(Dictionary(uniqueKeysWithValues: securitySchemes.map { ($0.name, $0.json) }))
        }
        return [
            "openapi": "3.0.3",
            "info": ["title": .string(title), "version": .string(MinerKitVersion.current), "description": .string(description)],
            "servers": [["url": .string(server), "description": "Local development"]],
            "paths": .object(paths.mapValues(JSONValue.object)),
            "components": .object(components),
        ]
    }
}
