/// The `sha256:<hex>` digest that names a job result in receipts and completions.
public enum ResultDigest {
    /// Digest of `result`'s UTF-8 bytes.
    public static func of(_ result: String) -> String {
        "sha256:" + Hex.encode(SHA256.hash(utf8: result))
    }

    /// Whether `text` is a well-formed `sha256:` followed by 64 hex digits.
    public static func isWellFormed(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.dropFirst(7)
        return hex.utf8.count == 64 && Hex.decode(hex) != nil
    }
}
