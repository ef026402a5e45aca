/// The Keccak-f[1600] permutation (FIPS 202 §3), the engine under STROBE and Merlin.
///
/// libsodium has no Keccak, so MinerKit carries this one. The state is 25 little-endian 64-bit lanes,
/// lane `x + 5y` holding bytes `8(x + 5y)..<8(x + 5y) + 8` of the 200-byte state.
enum KeccakF1600 {
    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// Rotation offsets ρ, indexed by lane `x + 5y`.
    private static let rotations: [UInt64] = [
        0, 1, 62, 28, 27,
        36, 44, 6, 55, 20,
        3, 10, 43, 25, 39,
        41, 45, 15, 21, 8,
        18, 2, 61, 56, 14,
    ]

    /// Destination lane of π for each source lane `x + 5y`: `y + 5((2x + 3y) mod 5)`.
    private static let piTargets: [Int] = (0..<25).map { i in
        let x = i % 5, y = i / 5
        return y + 5 * ((2 * x + 3 * y) % 5)
    }

    /// Applies the 24-round permutation to `lanes` (which must hold 25 lanes).
    static func permute(_ lanes: inout [UInt64]) {
        precondition(lanes.count == 25, "Keccak-f[1600] works on 25 lanes")
        lanes.withUnsafeMutableBufferPointer { a in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25) { b in
                b.initialize(repeating: 0)
                var c = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
                for round in 0..<24 {
                    // θ
                    c = (a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20],
                         a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21],
                         a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22],
                         a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23],
                         a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24])
                    let d0 = c.4 ^ rotl(c.1, 1), d1 = c.0 ^ rotl(c.2, 1), d2 = c.1 ^ rotl(c.3, 1)
                    let d3 = c.2 ^ rotl(c.4, 1), d4 = c.3 ^ rotl(c.0, 1)
                    for y in stride(from: 0, to: 25, by: 5) {
                        a[y] ^= d0; a[y + 1] ^= d1; a[y + 2] ^= d2; a[y + 3] ^= d3; a[y + 4] ^= d4
                    }
                    // ρ and π
                    for i in 0..<25 { b[piTargets[i]] = rotl(a[i], rotations[i]) }
                    // χ
                    for y in stride(from: 0, to: 25, by: 5) {
                        for x in 0..<5 {
                            a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5])
                        }
                    }
                    // ι
                    a[0] ^= roundConstants[round]
                }
            }
        }
    }

    @inline(__always)
    private static func rotl(_ v: UInt64, _ n: UInt64) -> UInt64 {
        n == 0 ? v : (v << n) | (v >> (64 - n))
    }
}
