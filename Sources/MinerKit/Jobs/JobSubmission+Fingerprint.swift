extension JobSubmission {
    /// SHA-256 (hex) of what the submission asks for (model, input, params, price, priority; not the
    /// client, which the key replaces): equal for equal submissions, however their JSON was ordered.
    /// An idempotency key is bound to it (``Coordinator/submitJob(_:credentials:idempotencyKey:)``).
    public var fingerprint: String {
        let document = JSONValue.object([
            "model": .string(model), "input": .string(input), "params": params,
            "price": .number(price), "priority": .number(Double(priority)),
        ])
        return Hex.encode(SHA256.hash(utf8: document.jsonString()))
    }
}
