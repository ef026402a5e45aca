import CSodium

/// Secret key material in its own heap buffer, wiped with `sodium_memzero` when the last reference goes.
///
/// Value types copy freely, so a secret kept in a `[UInt8]` may leave copies behind; this class keeps
/// one buffer per secret. `@unchecked Sendable` is safe: the buffer is written only in `init` and
/// `deinit`, and every other access is a read.
final class SecretBytes: @unchecked Sendable {
    private let buffer: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into a fresh buffer.
    init(_ bytes: [UInt8]) {
        buffer = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        buffer.copyBytes(from: bytes)
        count = bytes.count
    }

    /// The number of secret bytes.
    let count: Int

    /// Runs `body` on the secret bytes; do not let them escape.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<count]))
    }

    /// A copy as an array, for APIs that need one; wipe it with ``SecretBytes/wipe(_:)`` after use.
    var array: [UInt8] { withBytes { Array($0) } }

    /// Overwrites `bytes` with zeros (through `sodium_memzero`, which the optimiser cannot drop).
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
    }

    deinit {
        sodium_memzero(buffer.baseAddress, buffer.count)
        buffer.deallocate()
    }
}
