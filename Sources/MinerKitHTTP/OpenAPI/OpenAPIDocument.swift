import MinerKit

/// An OpenAPI 3.0 document assembled from ``APIOperation``s: paths, per-operation security, every
/// status, and the component schemas the operations reach (taken from the wire types' ``WireSchema``s).
///
/// Each server serves its document at `/openapi.json` and renders it for people at `/docs`
/// (``OpenAPIRoutes``).
public struct OpenAPIDocument: Sendable {
    /// A security scheme: an API key carried in a header.
    public struct HeaderKey: Sendable {
        public var name: String
        public var header: String
        public var description: String

        /// The scheme `name`: header `header`, described by `description`.
        public init(_ name: String, header: String, description: String) {
            self.name = name
            self.header = header
            self.description = description
        }
    }

    public var title: String
    public var description: String
    /// The default local address the server listens on.
    public var server: String
    public var securitySchemes: [HeaderKey]
    public var operations: [APIOperation]

    /// A document titled `title` of `operations`, including `/openapi.json`, `/docs` and `/metrics`, which
    /// every server serves.
    public init(title: String, description: String, server: String, securitySchemes: [HeaderKey] = [],
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
            components["securitySchemes"] = .object(Dictionary(uniqueKeysWithValues: securitySchemes.map { scheme in
                (scheme.name, ["type": "apiKey", "in": "header", "name": .string(scheme.header),
                               "description": .string(scheme.description)])
            }))
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
