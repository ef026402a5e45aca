/// Random identifiers from libsodium's CSPRNG.
enum RandomID {
    /// `bytes` random bytes as lowercase hex.
    static func hex(bytes count: Int) -> String { Hex.encode(Sodium.randomBytes(count)) }
}
