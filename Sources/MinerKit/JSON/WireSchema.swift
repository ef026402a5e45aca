/// The JSON shape of a wire value, written as an OpenAPI 3.0 schema object, together with the named
/// schemas it refers to.
///
/// A wire type describes itself with one next to its `Codable` definition, naming its members through
/// its own `CodingKeys`, so the served document, the server and the client read one definition:
///
/// ```swift
/// extension PoolPendingEvaluations: WireSchemaProviding {
///     public static let wireSchema = WireSchema.object([
///         .init(CodingKeys.hasPendingEvaluations, .boolean, required: true),
///         .init(CodingKeys.pendingCount, .integer(minimum: 0), required: true),
///     ])
/// }
/// ```
///
/// A shape whose bounds are configuration is a function of it instead
/// (`PoolLeaseRequest.wireSchema(limits:taskTypes:)`). Optional request members are `nullable()`:
/// Swift's `Decodable` reads `null` as absent.
///
/// ``reference(_:)`` points at a named schema (`{"$ref": "#/components/schemas/Name"}`) and carries the
/// schema along in ``components``, so a document collects every schema its operations reach.
public struct WireSchema: Sendable, Equatable {
    /// The OpenAPI schema object.
    public var json: JSONValue
    /// Every named schema this one refers to, directly or through others, by name.
    public var components: [String: JSONValue]

    /// A schema written out as `json`, referring to `components`.
    public init(json: JSONValue, components: [String: JSONValue] = [:]) {
        self.json = json
        self.components = components
    }

    /// One member of an object.
    public struct Property: Sendable {
        /// The JSON member name.
        public var name: String
        public var schema: WireSchema
        /// Whether the member must be present.
        public var required: Bool

        /// The member `key` (a `CodingKeys` case) with `schema`.
        public init(_ key: some CodingKey, _ schema: WireSchema, required: Bool = false) {
            name = key.stringValue
            self.schema = schema
            self.required = required
        }
    }

    /// A string, optionally bounded in length, restricted to `values`, matching `pattern`, with a `format`.
    public static func string(minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
                              format: String? = nil, values: [String]? = nil) -> WireSchema {
        var json: [String: JSONValue] = ["type": "string"]
        if let minLength { json["minLength"] = .number(Double(minLength)) }
        if let maxLength { json["maxLength"] = .number(Double(maxLength)) }
        if let pattern { json["pattern"] = .string(pattern) }
        if let format { json["format"] = .string(format) }
        if let values { json["enum"] = .array(values.map(JSONValue.string)) }
        return WireSchema(json: .object(json))
    }

    /// An integer within `minimum...maximum` (either end may be open).
    public static func integer(minimum: Int? = nil, maximum: Int? = nil) -> WireSchema {
        var json: [String: JSONValue] = ["type": "integer"]
        if let minimum { json["minimum"] = .number(Double(minimum)) }
        if let maximum { json["maximum"] = .number(Double(maximum)) }
        return WireSchema(json: .object(json))
    }

    /// A number within `minimum...maximum` (either end may be open).
    public static func number(minimum: Double? = nil, maximum: Double? = nil) -> WireSchema {
        var json: [String: JSONValue] = ["type": "number"]
        if let minimum { json["minimum"] = .number(minimum) }
        if let maximum { json["maximum"] = .number(maximum) }
        return WireSchema(json: .object(json))
    }

    /// `true` or `false`.
    public static let boolean = WireSchema(json: ["type": "boolean"])

    /// Any JSON object, members unconstrained (free-form params, metadata).
    public static let anyObject = WireSchema(json: ["type": "object"])

    /// An array of `items`, with at most `maxItems` when given.
    public static func array(of items: WireSchema, maxItems: Int? = nil) -> WireSchema {
        var json: [String: JSONValue] = ["type": "array", "items": items.json]
        if let maxItems { json["maxItems"] = .number(Double(maxItems)) }
        return WireSchema(json: .object(json), components: items.components)
    }

    /// An object with `properties`; members it does not name are ignored when read.
    public static func object(_ properties: [Property], description: String? = nil) -> WireSchema {
        var members: [String: JSONValue] = [:]
        var components: [String: JSONValue] = [:]
        for property in properties {
            members[property.name] = property.schema.json
            components.merge(property.schema.components) { first, _ in first }
        }
        var json: [String: JSONValue] = ["type": "object", "properties": .object(members)]
        let required = properties.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { json["required"] = .array(required) }
        if let description { json["description"] = .string(description) }
        return WireSchema(json: .object(json), components: components)
    }

    /// An ISO 8601 date-time string (`2026-01-01T12:00:00Z`).
    public static let dateTime = string(format: "date-time")

    /// Any JSON value (`{}`).
    public static let anyValue = WireSchema(json: .object([:]))

    /// An object whose members are all `values`, at most `maxProperties` of them when given.
    public static func dictionary(of values: WireSchema, maxProperties: Int? = nil) -> WireSchema {
        var json: [String: JSONValue] = ["type": "object", "additionalProperties": values.json]
        if let maxProperties { json["maxProperties"] = .number(Double(maxProperties)) }
        return WireSchema(json: .object(json), components: values.components)
    }

    /// A value that fits at least one of `schemas` (`anyOf`).
    public static func anyOf(_ schemas: [WireSchema]) -> WireSchema {
        combined("anyOf", schemas)
    }

    /// A value that fits exactly one of `schemas` (`oneOf`).
    public static func oneOf(_ schemas: [WireSchema]) -> WireSchema {
        combined("oneOf", schemas)
    }

    private static func combined(_ keyword: String, _ schemas: [WireSchema]) -> WireSchema {
        var components: [String: JSONValue] = [:]
        for schema in schemas { components.merge(schema.components) { first, _ in first } }
        return WireSchema(json: .object([keyword: .array(schemas.map(\.json))]), components: components)
    }

    /// A reference to the named schema `name` whose definition is `schema`.
    public static func reference(_ name: String, _ schema: WireSchema) -> WireSchema {
        var components = schema.components
        components[name] = schema.json
        return WireSchema(json: ["$ref": .string("#/components/schemas/\(name)")], components: components)
    }

    /// A reference to `type`'s schema.
    public static func reference(_ type: any WireSchemaProviding.Type) -> WireSchema {
        reference(type.wireSchemaName, type.wireSchema)
    }

    /// This schema, also allowing `null`.
    public func nullable() -> WireSchema {
        guard case .object(var json) = json else { return self }
        if json["$ref"] != nil {
            // OpenAPI 3.0 ignores siblings of `$ref`: wrap it.
            json = ["allOf": .array([.object(json)]), "nullable": true]
        } else {
            json["nullable"] = true
            // OpenAPI 3.0.3: an `enum` lists every allowed value, `null` included.
            if case .array(let values)? = json["enum"] { json["enum"] = .array(values + [.null]) }
        }
        return WireSchema(json: .object(json), components: components)
    }

    /// This object schema with `properties` added (a type that encodes another's members and more of its own).
    public func adding(_ properties: [Property]) -> WireSchema {
        guard case .object(var json) = json, case .object(var members)? = json["properties"] else { return self }
        var required: [JSONValue] = []
        if case .array(let names)? = json["required"] { required = names }
        var components = components
        for property in properties {
            members[property.name] = property.schema.json
            if property.required { required.append(.string(property.name)) }
            components.merge(property.schema.components) { first, _ in first }
        }
        json["properties"] = .object(members)
        if !required.isEmpty { json["required"] = .array(required) }
        return WireSchema(json: .object(json), components: components)
    }

    /// This object schema, valid only when the value also fits at least one of `alternatives` (say, one
    /// of two members must be present: `.requiring(anyOf: [.object([.init(Key.a, .string(), required: true)]), ...])`).
    public func requiring(anyOf alternatives: [WireSchema]) -> WireSchema {
        guard case .object(var json) = json else { return self }
        json["anyOf"] = .array(alternatives.map(\.json))
        var components = components
        for alternative in alternatives { components.merge(alternative.components) { first, _ in first } }
        return WireSchema(json: .object(json), components: components)
    }

    /// This schema with `value` as the default a server assumes when the member is absent.
    public func defaultValue(_ value: JSONValue) -> WireSchema {
        guard case .object(var json) = json else { return self }
        json["default"] = value
        return WireSchema(json: .object(json), components: components)
    }

    /// This schema with `value` as its example (a test client may send it as is).
    public func example(_ value: JSONValue) -> WireSchema {
        guard case .object(var json) = json else { return self }
        json["example"] = value
        return WireSchema(json: .object(json), components: components)
    }

    /// This schema with a human-readable `text`.
    public func described(_ text: String) -> WireSchema {
        guard case .object(var json) = json else { return self }
        if json["$ref"] != nil { json = ["allOf": .array([.object(json)])] }
        json["description"] = .string(text)
        return WireSchema(json: .object(json), components: components)
    }
}

/// A wire type that describes its JSON shape (see ``WireSchema``).
public protocol WireSchemaProviding {
    /// The name of the schema in a document's `components/schemas`; the type's name by default.
    static var wireSchemaName: String { get }
    /// The JSON shape of the type's encoding.
    static var wireSchema: WireSchema { get }
}

extension WireSchemaProviding {
    public static var wireSchemaName: String { String(describing: Self.self) }
}
