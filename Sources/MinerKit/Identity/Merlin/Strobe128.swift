import CSodium

/// The subset of STROBE-128 (v1.0.2) that Merlin transcripts use: `meta_ad`, `ad`, `prf` and `key`.
///
/// A sponge over ``KeccakF1600`` with rate 166 bytes. Each operation absorbs its flags first
/// (`begin`), and operations that need the whole state mixed in (`prf`, `key`) run the permutation
/// before touching data. Operations with `more: true` continue the previous one with the same flags.
struct Strobe128 {
    private static let rate = 166
    private static let flagI: UInt8 = 1, flagA: UInt8 = 2, flagC: UInt8 = 4, flagK: UInt8 = 32, flagM: UInt8 = 16

    private var lanes = [UInt64](repeating: 0, count: 25)
    private var position = 0
    private var positionBegin: UInt8 = 0
    private var currentFlags: UInt8 = 0

    /// A STROBE-128 instance initialised for `protocolLabel`.
    init(protocolLabel: [UInt8]) {
        let header: [UInt8] = [1, UInt8(Self.rate + 2), 1, 0, 1, 96] + Array("STROBEv1.0.2".utf8)
        for (i, byte) in header.enumerated() { xorByte(at: i, byte) }
        KeccakF1600.permute(&lanes)
        metaAD(protocolLabel, more: false)
    }

    /// Absorbs framing metadata.
    mutating func metaAD(_ data: [UInt8], more: Bool) {
        begin(flags: Self.flagM | Self.flagA, more: more)
        absorb(data)
    }

    /// Absorbs associated data.
    mutating func ad(_ data: [UInt8], more: Bool) {
        begin(flags: Self.flagA, more: more)
        absorb(data)
    }

    /// Squeezes `count` pseudorandom bytes that depend on everything absorbed so far.
    mutating func prf(_ count: Int, more: Bool) -> [UInt8] {
        begin(flags: Self.flagI | Self.flagA | Self.flagC, more: more)
        return squeeze(count)
    }

    /// Rekeys: overwrites state bytes with `data`.
    mutating func key(_ data: [UInt8], more: Bool) {
        begin(flags: Self.flagA | Self.flagC, more: more)
        overwrite(data)
    }

    /// Zeroes the sponge state (for forks keyed with secrets).
    mutating func wipe() {
        lanes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
    }

    private mutating func begin(flags: UInt8, more: Bool) {
        if more {
            precondition(flags == currentFlags, "STROBE continuation with different flags")
            return
        }
        let oldBegin = positionBegin
        positionBegin = UInt8(position + 1)
        currentFlags = flags
        absorb([oldBegin, flags])
        let forceF = flags & (Self.flagC | Self.flagK) != 0
        if forceF && position != 0 { runF() }
    }

    private mutating func runF() {
        xorByte(at: position, positionBegin)
        xorByte(at: position + 1, 0x04)
        xorByte(at: Self.rate + 1, 0x80)
        KeccakF1600.permute(&lanes)
        position = 0
        positionBegin = 0
    }

    private mutating func absorb(_ data: [UInt8]) {
        for byte in data {
            xorByte(at: position, byte)
            advance()
        }
    }

    private mutating func overwrite(_ data: [UInt8]) {
        for byte in data {
            setByte(at: position, byte)
            advance()
        }
    }

    private mutating func squeeze(_ count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count)
        for _ in 0..<count {
            out.append(byte(at: position))
            setByte(at: position, 0)
            advance()
        }
        return out
    }

    private mutating func advance() {
        position += 1
        if position == Self.rate { runF() }
    }

    private func byte(at index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: lanes[index >> 3] >> UInt64((index & 7) * 8))
    }

    private mutating func xorByte(at index: Int, _ value: UInt8) {
        lanes[index >> 3] ^= UInt64(value) << UInt64((index & 7) * 8)
    }

    private mutating func setByte(at index: Int, _ value: UInt8) {
        let shift = UInt64((index & 7) * 8)
        lanes[index >> 3] = lanes[index >> 3] & ~(0xff << shift) | UInt64(value) << shift
    }
}
