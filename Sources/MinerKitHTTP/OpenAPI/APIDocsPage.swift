import MinerKit

/// Renders an OpenAPI document as one self-contained HTML page (inline CSS, no script, nothing fetched):
/// every operation with its security, parameters, request body and responses, then every component
/// schema with its members, types, bounds and nullability. `$ref`s link to the schema's section.
enum APIDocsPage {
    static func html(for document: JSONValue) -> String {
        let title = document["info"]?["title"]?.stringValue ?? "API"
        var out = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
        h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd}
        section.op{border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:.6rem 1rem}
        .m{display:inline-block;min-width:4rem;text-align:center;font-weight:700;border-radius:4px;padding:0 .4rem;color:#fff}
        .get{background:#2f7d32}.post{background:#1565c0}.put{background:#ef6c00}.delete{background:#c62828}.patch{background:#6a1b9a}
        code,.path{font-family:ui-monospace,monospace}.path{font-weight:600;margin-left:.5rem}
        table{border-collapse:collapse;margin:.4rem 0;width:100%}td,th{border:1px solid #e3e3e3;padding:.2rem .5rem;text-align:left;vertical-align:top}
        th{background:#f6f6f6}.muted{color:#666}a{color:#1565c0}
        </style></head><body>
        <h1>\(escape(title))</h1>
        <p class="muted">Version \(escape(document["info"]?["version"]?.stringValue ?? "")) ·
        <a href="/openapi.json">openapi.json</a></p>
        <p>\(prose(document["info"]?["description"]?.stringValue ?? ""))</p>

        """
        out += securitySection(document)
        out += "<h2>Operations</h2>\n"
        for (path, item) in members(document["paths"]) {
            for method in APIOperation.Method.allCases.map(\.rawValue) {
                guard let operation = item[method] else { continue }
                out += operationSection(method: method, path: path, operation)
            }
        }
        out += "<h2>Schemas</h2>\n"
        for (name, schema) in members(document["components"]?["schemas"]) {
            out += "<section id=\"schema-\(escape(name))\"><h3>\(escape(name))</h3>\n\(schemaBlock(schema))</section>\n"
        }
        return out + "</body></html>\n"
    }

    private static func securitySection(_ document: JSONValue) -> String {
        let schemes = members(document["components"]?["securitySchemes"])
        guard !schemes.isEmpty else { return "" }
        var out = "<h2>Authentication</h2>\n<table><tr><th>Scheme</th><th>Header</th><th>Meaning</th></tr>\n"
        for (name, scheme) in schemes {
            let header = scheme["scheme"] == "bearer" ? "Authorization: Bearer" : scheme["name"]?.stringValue ?? ""
            out += "<tr><td>\(escape(name))</td><td><code>\(escape(header))</code></td>"
                + "<td>\(prose(scheme["description"]?.stringValue ?? ""))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    private static func operationSection(method: String, path: String, _ operation: JSONValue) -> String {
        var out = "<section class=\"op\"><div><span class=\"m \(method)\">\(method.uppercased())</span>"
            + "<span class=\"path\">\(escape(path))</span></div>\n"
        out += "<p>\(prose(operation["summary"]?.stringValue ?? ""))</p>\n"
        if case .array(let requirements)? = operation["security"], !requirements.isEmpty {
            let alternatives = requirements.map { requirement in
                let names = members(requirement).map { "<code>\(escape($0.0))</code>" }
                return names.isEmpty ? "none" : names.joined(separator: " + ")
            }
            out += "<p><b>Auth:</b> \(alternatives.joined(separator: ", or "))</p>\n"
        } else {
            out += "<p><b>Auth:</b> none</p>\n"
        }
        if case .array(let parameters)? = operation["parameters"], !parameters.isEmpty {
            out += "<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>Required</th></tr>\n"
            for parameter in parameters {
                out += "<tr><td><code>\(escape(parameter["name"]?.stringValue ?? ""))</code></td>"
                    + "<td>\(escape(parameter["in"]?.stringValue ?? ""))</td>"
                    + "<td>\(type(of: parameter["schema"] ?? .null))</td>"
                    + "<td>\(parameter["required"] == .bool(true) ? "yes" : "no")</td></tr>\n"
            }
            out += "</table>\n"
        }
        if let body = operation["requestBody"] {
            let schema = body["content"]?["application/json"]?["schema"] ?? .null
            out += "<p><b>Body</b> (\(body["required"] == .bool(true) ? "required" : "optional")): \(type(of: schema))</p>\n"
        }
        out += "<table><tr><th>Status</th><th>Meaning</th><th>Body</th></tr>\n"
        for (status, response) in members(operation["responses"]) {
            let content = members(response["content"]).first
            let body = content.map { "\(type(of: $0.1["schema"] ?? .null)) <span class=\"muted\">\(escape($0.0))</span>" } ?? ""
            out += "<tr><td>\(escape(status))</td><td>\(prose(response["description"]?.stringValue ?? ""))</td><td>\(body)</td></tr>\n"
        }
        return out + "</table></section>\n"
    }

    /// A schema's members as a table, or its type when it is not an object with members.
    private static func schemaBlock(_ schema: JSONValue) -> String {
        var out = ""
        if let description = schema["description"]?.stringValue { out += "<p>\(prose(description))</p>\n" }
        let properties = members(schema["properties"])
        guard !properties.isEmpty else { return out + "<p>\(type(of: schema))</p>\n" }
        var required = Set<String>()
        if case .array(let names)? = schema["required"] { required = Set(names.compactMap(\.stringValue)) }
        out += "<table><tr><th>Member</th><th>Type</th><th>Required</th><th>Notes</th></tr>\n"
        for (name, property) in properties {
            out += "<tr><td><code>\(escape(name))</code></td><td>\(type(of: property))</td>"
                + "<td>\(required.contains(name) ? "yes" : "no")</td>"
                + "<td>\(prose(property["description"]?.stringValue ?? ""))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    /// A one-line type: `integer (2 to 64)`, `array of <a>PoolAlgorithmView</a>`, `string or null`.
    private static func type(of schema: JSONValue) -> String {
        if let reference = schema["$ref"]?.stringValue {
            let name = String(reference.split(separator: "/").last ?? "")
            return "<a href=\"#schema-\(escape(name))\">\(escape(name))</a>"
        }
        var text: String
        if case .array(let all)? = schema["allOf"], let first = all.first {
            text = type(of: first)
        } else {
            let kind = schema["type"]?.stringValue ?? "any"
            switch kind {
            case "array": text = "array of \(type(of: schema["items"] ?? .null))"
            case "object" where schema["properties"] == nil: text = "object (any members)"
            default: text = escape(kind)
            }
        }
        var notes: [String] = []
        if let format = schema["format"]?.stringValue { notes.append(format) }
        if case .array(let values)? = schema["enum"] { notes.append("one of " + values.compactMap(\.stringValue).joined(separator: ", ")) }
        if let minimum = schema["minimum"]?.doubleValue { notes.append("≥ \(number(minimum))") }
        if let maximum = schema["maximum"]?.doubleValue { notes.append("≤ \(number(maximum))") }
        if let length = schema["minLength"]?.doubleValue { notes.append("at least \(number(length)) chars") }
        if let length = schema["maxLength"]?.doubleValue { notes.append("at most \(number(length)) chars") }
        if let items = schema["maxItems"]?.doubleValue { notes.append("at most \(number(items)) items") }
        if let pattern = schema["pattern"]?.stringValue { notes.append("matches \(pattern)") }
        if !notes.isEmpty { text += " <span class=\"muted\">(\(escape(notes.joined(separator: "; "))))</span>" }
        if schema["nullable"] == .bool(true) { text += " or null" }
        return text
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && value.magnitude < 1e15 ? String(Int64(value)) : String(value)
    }

    /// An object's members sorted by name (empty for anything else).
    private static func members(_ value: JSONValue?) -> [(String, JSONValue)] {
        guard case .object(let members)? = value else { return [] }
        return members.sorted { $0.key < $1.key }
    }

    /// Escaped `text` whose `backquoted` spans are set as code.
    private static func prose(_ text: String) -> String {
        escape(text).split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .map { index, part in index % 2 == 1 ? "<code>\(part)</code>" : String(part) }
            .joined()
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
