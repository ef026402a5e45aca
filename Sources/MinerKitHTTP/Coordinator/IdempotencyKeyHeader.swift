import HTTPTypes
import Hummingbird
import MinerKit

extension HTTPField.Name {
    /// `Idempotency-Key` (IETF httpapi draft): a client's key that makes `POST /v1/jobs` exactly-once.
    static let idempotencyKey = Self("Idempotency-Key")!
    /// `Idempotent-Replayed: true` on an answer repeated for a key already used (as Stripe sends it).
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}

extension Request {
    /// The `Idempotency-Key` sent, if any: a token (`abc-123`) or, as the IETF draft writes it, a
    /// structured-field string (`"abc-123"`). Anything else is 400 `invalid_idempotency_key`.
    func idempotencyKey() throws -> IdempotencyKey? {
        guard let value = headers[.idempotencyKey] else { return nil }
        var text = Substring(value)
        if text.count >= 2, text.first == "\"", text.last == "\"" {
            text = text.dropFirst().dropLast()
            guard !text.contains("\\"), !text.contains("\"") else {
                throw MinerKitError(.invalidInput, code: "invalid_idempotency_key",
                                    "the Idempotency-Key string must not contain escapes or quotes")
            }
        }
        return try IdempotencyKey(String(text))
    }
}
