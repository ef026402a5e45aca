import CSodium

/// Ristretto255 group and scalar arithmetic over libsodium, shaped for sr25519.
///
/// Points and scalars are 32-byte little-endian encodings. Scalars passed to multiplication must be
/// below 2^255 (libsodium clears bit 255); every scalar here is reduced mod l first.
enum Ristretto {
    /// The group order l = 2^252 + 27742317777372353535851937790883648493, little-endian.
    static let order: [UInt8] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    ]

    /// Whether the 32-byte little-endian `scalar` is strictly below l (its canonical form).
    static func isCanonicalScalar(_ scalar: [UInt8]) -> Bool {
        guard scalar.count == 32 else { return false }
        for i in stride(from: 31, through: 0, by: -1) where scalar[i] != order[i] {
            return scalar[i] < order[i]
        }
        return false
    }

    /// Whether `point` is a canonical ristretto255 encoding of a point other than the identity.
    static func isValidNonIdentityPoint(_ point: [UInt8]) -> Bool {
        Sodium.ready()
        guard point.count == 32, point.contains(where: { $0 != 0 }) else { return false }
        return crypto_core_ristretto255_is_valid_point(point) == 1
    }

    /// `wide` (64 bytes, little-endian) reduced mod l.
    static func reduce(wide: [UInt8]) -> [UInt8] {
        precondition(wide.count == 64, "wide reduction takes 64 bytes")
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ristretto255_scalar_reduce(&out, wide)
        return out
    }

    /// `a · b + c` mod l.
    static func mulAdd(_ a: [UInt8], _ b: [UInt8], _ c: [UInt8]) -> [UInt8] {
        var product = [UInt8](repeating: 0, count: 32)
        crypto_core_ristretto255_scalar_mul(&product, a, b)
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ristretto255_scalar_add(&out, product, c)
        return out
    }

    /// `scalar · B` for the ristretto255 base point B; the identity encodes as 32 zero bytes.
    static func multiplyBase(_ scalar: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        // -1 only signals an identity result, which libsodium has already written as zeros.
        _ = crypto_scalarmult_ristretto255_base(&out, scalar)
        return out
    }

    /// `scalar · point` for a valid `point`; the identity encodes as 32 zero bytes.
    static func multiply(_ scalar: [UInt8], _ point: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        // The point is validated by the caller, so -1 only signals an identity result (written as zeros).
        _ = crypto_scalarmult_ristretto255(&out, scalar, point)
        return out
    }

    /// `p − q`, or `nil` when either is not a valid encoding.
    static func subtract(_ p: [UInt8], _ q: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_core_ristretto255_sub(&out, p, q) == 0 else { return nil }
        return out
    }
}
