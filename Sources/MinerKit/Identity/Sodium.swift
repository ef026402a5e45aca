import CSodium

/// libsodium's one-time initialisation; every libsodium entry point in MinerKit goes through it first.
enum Sodium {
    /// Calls `sodium_init` exactly once (Swift runs a static initialiser once, thread-safely).
    private static let initialized: Bool = sodium_init() >= 0

    /// Ensures libsodium is ready; traps only if libsodium itself cannot start (no entropy source).
    static func ready() {
        precondition(initialized, "libsodium failed to initialise")
    }

    /// `count` bytes from libsodium's CSPRNG.
    static func randomBytes(_ count: Int) -> [UInt8] {
        ready()
        var buffer = [UInt8](repeating: 0, count: count)
        randombytes_buf(&buffer, count)
        return buffer
    }
}
