import Foundation
import Hummingbird
import MinerKit

/// JSON in and out of the HTTP APIs.
///
/// Field names are spelled out in each wire type's `CodingKeys` (snake_case, as the specs show) rather
/// than converted by a key strategy, because a key strategy would also rewrite the keys of free-form
/// objects such as job params. Dates travel as ISO 8601 strings.
public enum APIJSON {
    /// A fresh encoder (encoders are cheap; a shared one is not safe to configure concurrently).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A fresh decoder.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// `value` as a JSON response with `status`.
    public static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok,
                                headers: HTTPFields = [:]) -> Response {
        guard let data = try? encoder().encode(value) else { return unencodable }
        return bytes(data, status: status, headers: headers)
    }

    /// `document` as a JSON response with `status` (compact, keys sorted), written without
    /// `JSONEncoder`: the busiest routes answer this way.
    public static func response(document: JSONValue, status: HTTPResponse.Status = .ok,
                                headers: HTTPFields = [:]) -> Response {
        guard let text = document.jsonText() else { return unencodable }
        return bytes(ByteBuffer(string: text), status: status, headers: headers)
    }

    /// Wire types encode plain values; failing to encode one is a programming error, served as a 500.
    private static var unencodable: Response {
        let body = #"{"detail":"the response could not be encoded","error_code":"internal_error"}"#
        return bytes(Data(body.utf8), status: .internalServerError, headers: [:])
    }

    /// Already-encoded JSON `data` as a response.
    public static func bytes(_ data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        bytes(ByteBuffer(bytes: data), status: status, headers: headers)
    }

    private static func bytes(_ buffer: ByteBuffer, status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: fields, body: .init(byteBuffer: buffer))
    }

    /// `date` as the encoder's `.iso8601` strategy writes it (`2024-05-01T12:00:00Z`: UTC, whole
    /// seconds rounded down), without Foundation's calendar for Gregorian years 1583 to 9999.
    static func timestamp(_ date: Date) -> String {
        let reference = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard reference.magnitude < 1e12 else { return date.formatted(.iso8601) }
        let seconds = Int64(reference) + 978_307_200  // 1970 to 2001
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        // Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        // Foundation's Gregorian calendar is Julian before 1583.
        guard (1583...9999).contains(year) else { return date.formatted(.iso8601) }
        var out = [UInt8]()
        out.reserveCapacity(20)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4); out.append(UInt8(ascii: "-"))
        digits(month, 2); out.append(UInt8(ascii: "-"))
        digits(day, 2); out.append(UInt8(ascii: "T"))
        digits(second / 3_600, 2); out.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2); out.append(UInt8(ascii: ":"))
        digits(second % 60, 2); out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes a JSON `body`. Malformed JSON is a 400 `invalid_json`; an object repeating a key is a 400
    /// `duplicate_key` naming it (see ``JSONDuplicateKeys``); a missing or wrong-typed field is a 422
    /// `validation_error` whose detail names the field (dotted path).
    public static func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        if let direct = T.self as? any JSONObjectDecodable.Type,
           let text = String(validating: body.readableBytesView, as: UTF8.self) {
            // MinerKit's parser refuses a repeated key itself; a body it cannot take as `T` (or that is not
            // JSON) goes on to `JSONDecoder` for the same errors as every other body.
            do {
                if case .object(let members) = try JSONValue(parsing: text), let value = direct.init(members: members) as? T {
                    return value
                }
            } catch let error as MinerKitError where error.code == "invalid_json" {}
        } else {
            try body.withUnsafeReadableBytes { try JSONDuplicateKeys.check($0) }
        }
        let data = Data(buffer: body, byteTransferStrategy: .noCopy)
        do {
            return try decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw translate(error)
        }
    }

    /// The member `key` of `members` as an optional `Decodable` property reads it: `.some(nil)` when
    /// absent or `null`, the value when `take` accepts it, `nil` (the body is not one `init(members:)`
    /// takes) otherwise.
    static func field<T>(_ members: [String: JSONValue], _ key: some CodingKey, _ take: (JSONValue) -> T?) -> T?? {
        switch members[key.stringValue] {
        case nil, .null?: return .some(nil)
        case let value?: return take(value).map { .some($0) }
        }
    }

    /// An integer as `JSONDecoder` reads one from a number written in JSON (`3`, `3.0`, `3e2`); below
    /// 2^53, where a `Double` holds it exactly.
    static func integer(_ value: JSONValue) -> Int64? {
        guard let number = value.doubleValue, number.magnitude < 9_007_199_254_740_992 else { return nil }
        return Int64(exactly: number)
    }

    /// The members of an object.
    static func object(_ value: JSONValue) -> [String: JSONValue]? {
        if case .object(let members) = value { return members }
        return nil
    }

    static func translate(_ error: DecodingError) -> MinerKitError {
        func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let all = keys + (last.map { [$0] } ?? [])
            let text = all.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return MinerKitError(.validation, code: "validation_error", "field '\(path(context.codingPath, key))' is required")
        case .valueNotFound(_, let context):
            return MinerKitError(.validation, code: "validation_error", "field '\(path(context.codingPath))' must not be null")
        case .typeMismatch(let type, let context):
            return MinerKitError(.validation, code: "validation_error",
                                 "field '\(path(context.codingPath))' has the wrong type (expected \(typeName(type)))")
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return MinerKitError(.validation, code: "validation_error",
                                 "field '\(path(context.codingPath))' is invalid: \(context.debugDescription)")
        default:
            return MinerKitError(.invalidInput, code: "invalid_json", "the request body is not valid JSON")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Bool.Type: "boolean"
        case is Int.Type, is Int64.Type: "integer"
        case is Double.Type, is Float.Type: "number"
        default:
            String(describing: type).hasPrefix("Array") ? "array" : "object"
        }
    }
}

extension Request {
    /// Decodes the (already size-checked) JSON body as `T`; see ``APIJSON/decode(_:from:)``.
    public func decodeJSON<T: Decodable>(as type: T.Type) async throws -> T {
        let buffer = try await body.collect(upTo: .max)
        return try APIJSON.decode(T.self, from: buffer)
    }

    /// Like ``decodeJSON(as:)``, but an empty body is `nil` (for bodies whose every field is optional).
    public func decodeJSONIfPresent<T: Decodable>(as type: T.Type) async throws -> T? {
        let buffer = try await body.collect(upTo: .max)
        if buffer.readableBytesView.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try APIJSON.decode(T.self, from: buffer)
    }

    /// The query parameter `name` as an integer within `range`, `fallback` when absent; anything else
    /// is a 422 naming the parameter.
    public func queryInt(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = uri.queryParameters[name[...]] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw MinerKitError(.validation, code: "validation_error",
                                "query parameter '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// The query parameter `name`, if present and not empty.
    public func query(_ name: String) -> String? {
        guard let text = uri.queryParameters[name[...]], !text.isEmpty else { return nil }
        return String(text)
    }
}

/// A request body read straight from its parsed JSON object, sparing `JSONDecoder` on the busiest
/// routes. `init(members:)` takes only what the `Decodable` conformance would read to the same value
/// and returns `nil` for anything else (a wrong type, a missing required field, a fractional integer);
/// ``APIJSON/decode(_:from:)`` then lets `JSONDecoder` decode or refuse it, with its exact message.
protocol JSONObjectDecodable: Decodable {
    init?(members: [String: JSONValue])
}
