import CSodium

/// SHA-512 through libsodium.
enum SHA512 {
    /// The 64-byte SHA-512 digest of `bytes`.
    static func hash(_ bytes: [UInt8]) -> [UInt8] {
        Sodium.ready()
        var out = [UInt8](repeating: 0, count: 64)
        crypto_hash_sha512(&out, bytes, UInt64(bytes.count))
        return out
    }
}
