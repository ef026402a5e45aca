import Hummingbird
import MinerKit

extension Request {
    /// Decodes the JSON body as `T`, or `nil` when the body is empty (clients may post no body).
    func decodeOptionalJSON<T: Decodable>(as type: T.Type) async throws -> T? {
        let buffer = try await body.collect(upTo: .max)
        if buffer.readableBytesView.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return nil }
        return try APIJSON.decode(T.self, from: buffer)
    }

    /// The query parameter `name` as sent, an empty value included (`?task_type=` names the task type
    /// "", which is refused like any unknown one, rather than meaning "absent").
    func queryValue(_ name: String) -> String? {
        uri.queryParameters[name[...]].map(String.init)
    }

    /// `verified` of `GET /api/v1/results`: `true` when absent or `true`, `false` for `false`, `nil` (both)
    /// for `any`; anything else (the empty string too) is a 422.
    func queryVerified() throws -> Bool? {
        switch queryValue("verified") {
        case nil, "true": return true
        case "false": return false
        case "any": return nil
        default:
            throw MinerKitError(.validation, code: "validation_error", "query parameter 'verified' must be true, false or any")
        }
    }

    /// The query parameter `name` as a finite number, `nil` when absent; anything else is a 422.
    func queryDouble(_ name: String) throws -> Double? {
        guard let text = queryValue(name) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw MinerKitError(.validation, code: "validation_error", "query parameter '\(name)' must be a number")
        }
        return value
    }
}
