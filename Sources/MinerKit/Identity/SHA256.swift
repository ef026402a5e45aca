import CSodium

/// SHA-256 through libsodium: API key and session hashes, result digests, Merkle leaves and block hashes.
public enum SHA256 {
    /// The 32-byte SHA-256 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        Sodium.ready()
        var out = [UInt8](repeating: 0, count: 32)
        crypto_hash_sha256(&out, bytes, UInt64(bytes.count))
        return out
    }

    /// The digest of `text`'s UTF-8 bytes.
    public static func hash(utf8 text: String) -> [UInt8] { hash(Array(text.utf8)) }
}
