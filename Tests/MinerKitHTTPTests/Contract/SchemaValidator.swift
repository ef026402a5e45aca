import Foundation
import MinerKit

/// Checks a JSON value against an OpenAPI 3.0 schema of a served document, strictly: an object may hold
/// only the members its schema names, so a wire type cannot encode a member its schema leaves out.
/// Returns what is wrong, one line each (empty when the value fits).
struct SchemaValidator {
    /// The document's `components/schemas`, for `$ref`.
    let components: [String: JSONValue]
    /// Whether an object may hold only the members its schema names. `anyOf`/`oneOf` alternatives are
    /// read as JSON Schema reads them (other members allowed): they add a condition to the object they sit on.
    var strict = true

    init(document: JSONValue) {
        if case .object(let schemas)? = document["components"]?["schemas"] { components = schemas } else { components = [:] }
    }

    /// This validator, reading alternatives.
    private var relaxed: SchemaValidator {
        var validator = self
        validator.strict = false
        return validator
    }

    func problems(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.stringValue {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = components[name] else { return ["\(path): unknown schema \(name)"] }
            return problems(value, against: target, at: path)
        }
        if value == .null {
            return schema["nullable"] == .bool(true) ? [] : ["\(path): null where the schema allows none"]
        }
        if case .array(let all)? = schema["allOf"] {
            return all.flatMap { problems(value, against: $0, at: path) }
        }
        var found: [String] = []
        if case .array(let alternatives)? = schema["anyOf"],
           !alternatives.contains(where: { relaxed.problems(value, against: $0, at: path).isEmpty }) {
            found.append("\(path): fits none of anyOf")
        }
        if case .array(let alternatives)? = schema["oneOf"] {
            let fitting = alternatives.filter { relaxed.problems(value, against: $0, at: path).isEmpty }.count
            if fitting != 1 { found.append("\(path): fits \(fitting) of oneOf, not exactly one") }
        }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) {
            found.append("\(path): \(value) is not one of \(allowed)")
        }
        switch (schema["type"]?.stringValue, value) {
        case (nil, _): break
        case ("string", .string(let text)):
            if let min = schema["minLength"]?.doubleValue, Double(text.count) < min { found.append("\(path): shorter than \(min)") }
            if let max = schema["maxLength"]?.doubleValue, Double(text.count) > max { found.append("\(path): longer than \(max)") }
            if let pattern = schema["pattern"]?.stringValue, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): does not match \(pattern)")
            }
            if schema["format"] == "date-time", ISO8601DateFormatter().date(from: text) == nil {
                found.append("\(path): \(text) is not a date-time")
            }
            if schema["format"] == "byte", Data(base64Encoded: text) == nil { found.append("\(path): not base64") }
        case ("integer", .number(let number)):
            if number != number.rounded() { found.append("\(path): \(number) is not an integer") }
            found += bounds(number, schema, path)
        case ("number", .number(let number)):
            found += bounds(number, schema, path)
        case ("boolean", .bool):
            break
        case ("array", .array(let items)):
            if let max = schema["maxItems"]?.doubleValue, Double(items.count) > max { found.append("\(path): more than \(max) items") }
            for (index, item) in items.enumerated() {
                found += problems(item, against: schema["items"] ?? .object([:]), at: "\(path)[\(index)]")
            }
        case ("object", .object(let members)):
            if let max = schema["maxProperties"]?.doubleValue, Double(members.count) > max {
                found.append("\(path): more than \(max) members")
            }
            if let values = schema["additionalProperties"] {
                for (name, member) in members { found += problems(member, against: values, at: "\(path).\(name)") }
                return found
            }
            let properties: [String: JSONValue]
            if case .object(let declared)? = schema["properties"] { properties = declared } else { return found }
            if case .array(let required)? = schema["required"] {
                for name in required.compactMap(\.stringValue) where members[name] == nil {
                    found.append("\(path): required member \(name) is missing")
                }
            }
            for (name, member) in members {
                guard let memberSchema = properties[name] else {
                    if strict { found.append("\(path): member \(name) is not in the schema") }
                    continue
                }
                found += problems(member, against: memberSchema, at: "\(path).\(name)")
            }
        case (let type?, _):
            found.append("\(path): \(value) is not of type \(type)")
        }
        return found
    }

    private func bounds(_ number: Double, _ schema: JSONValue, _ path: String) -> [String] {
        var found: [String] = []
        if let min = schema["minimum"]?.doubleValue, number < min { found.append("\(path): \(number) < \(min)") }
        if let max = schema["maximum"]?.doubleValue, number > max { found.append("\(path): \(number) > \(max)") }
        return found
    }
}
