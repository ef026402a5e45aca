/// The JSON shape of a wire value, written as an OpenAPI 3.0 schema object, together with the named
/// schemas it refers to.
///
/// A wire type describes itself next to its `Codable` definition (the coordinator's and the
/// pool's bodies in MinerKitHTTP, e.g. `Sources/MinerKitHTTP/Pool/Wire`). The schema of an object is keyed
/// by the type's own `CodingKeys`, declared `CaseIterable`, through an exhaustive `switch`: a coding key
/// without a schema does not compile, so the members `Codable` reads and writes are the members the
/// served document names.
///
/// ```swift
/// extension PoolPendingEvaluations: WireSchemaProviding {
///     static let wireSchema = WireSchema.object(CodingKeys.self) { key in
///         switch key {
///         case .hasPendingEvaluations: .boolean.required
///         case .pendingCount: .integer(minimum: 0).required
///         }
///     }
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
    /// Whether an object with this schema as a member must have that member (``required``); no part of ``json``.
    public var isRequired = false

    /// A schema written out as `json`, referring to `components`.
    public init(json: JSONValue, components: [String: JSONValue] = [:]) {
        self.json = json
        self.components = components
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

    /// An object whose members are the cases of `keys` (a type's `CodingKeys`), each with the schema
    /// `member` gives it, ``required`` when the object must have it; members it does not name are ignored
    /// when read.
    public static func object<Key: CodingKey & CaseIterable>(_ keys: Key.Type, description: String? = nil,
                                                             _ member: (Key) -> WireSchema) -> WireSchema {
        let object = WireSchema(json: ["type": "object", "properties": .object([:])]).adding(keys, member)
        guard let description else { return object }
        return object.changingJSON { $0["description"] = .string(description) }
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

    /// This schema as a member its object must have.
    public var required: WireSchema { required(when: true) }

    /// This schema as a member its object must have when `isRequired`, and may leave out otherwise.
    public func required(when isRequired: Bool) -> WireSchema {
        var schema = self
        schema.isRequired = isRequired
        return schema
    }

    /// This schema, also allowing `null`.
    public func nullable() -> WireSchema {
        changingJSON { json in
            if json["$ref"] != nil {
                // OpenAPI 3.0 ignores siblings of `$ref`: wrap it.
                json = ["allOf": .array([.object(json)]), "nullable": true]
            } else {
                json["nullable"] = true
                // OpenAPI 3.0.3: an `enum` lists every allowed value, `null` included.
                if case .array(let values)? = json["enum"] { json["enum"] = .array(values + [.null]) }
            }
        }
    }

    /// This object schema with the cases of `keys` added as members: a type that encodes another's
    /// members and more of its own, keyed by its own `CodingKeys` (see ``object(_:description:_:)``).
    public func adding<Key: CodingKey & CaseIterable>(_ keys: Key.Type, _ member: (Key) -> WireSchema) -> WireSchema {
        guard case .object(var json) = json, case .object(var members)? = json["properties"] else { return self }
        var required: [JSONValue] = []
        if case .array(let names)? = json["required"] { required = names }
        var object = self
        for key in keys.allCases {
            let schema = member(key)
            members[key.stringValue] = schema.json
            if schema.isRequired { required.append(.string(key.stringValue)) }
            object.components.merge(schema.components) { first, _ in first }
        }
        json["properties"] = .object(members)
        if !required.isEmpty { json["required"] = .array(required) }
        object.json = .object(json)
        return object
    }

    /// This object schema, valid only when the value also has at least one of the members `alternatives`
    /// names, fitting the schema given with it (a `prompt` string or a `payload` object:
    /// `.requiring(anyOf: [CodingKeys.prompt: .string(), .payload: .anyObject])`).
    public func requiring<Key: CodingKey>(anyOf alternatives: KeyValuePairs<Key, WireSchema>) -> WireSchema {
        var object = self
        let choices = alternatives.map { key, schema -> JSONValue in
            object.components.merge(schema.components) { first, _ in first }
            return ["type": "object", "properties": .object([key.stringValue: schema.json]),
                    "required": [.string(key.stringValue)]]
        }
        return object.changingJSON { $0["anyOf"] = .array(choices) }
    }

    /// This schema with `value` as the default a server assumes when the member is absent.
    public func defaultValue(_ value: JSONValue) -> WireSchema {
        changingJSON { $0["default"] = value }
    }

    /// This schema with `value` as its example (a test client may send it as is).
    public func example(_ value: JSONValue) -> WireSchema {
        changingJSON { $0["example"] = value }
    }

    /// This schema with a human-readable `text`.
    public func described(_ text: String) -> WireSchema {
        changingJSON { json in
            if json["$ref"] != nil { json = ["allOf": .array([.object(json)])] }
            json["description"] = .string(text)
        }
    }

    /// This schema with its JSON object changed by `change` (components and ``isRequired`` kept).
    private func changingJSON(_ change: (inout [String: JSONValue]) -> Void) -> WireSchema {
        guard case .object(var json) = json else { return self }
        change(&json)
        var schema = self
        schema.json = .object(json)
        return schema
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
