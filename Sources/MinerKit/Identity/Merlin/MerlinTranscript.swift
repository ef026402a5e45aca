/// A Merlin transcript (merlin 3.x): the Fiat–Shamir transcript sr25519 (schnorrkel) hashes with.
///
/// Every message is framed with its label and little-endian u32 length, so distinct sequences of
/// appends can never produce the same challenge.
struct MerlinTranscript {
    private var strobe: Strobe128

    /// A transcript for the protocol named `label`.
    init(label: String) {
        strobe = Strobe128(protocolLabel: Array("Merlin v1.0".utf8))
        append(label: "dom-sep", Array(label.utf8))
    }

    /// Appends `message` under `label`.
    mutating func append(label: String, _ message: [UInt8]) {
        strobe.metaAD(Array(label.utf8), more: false)
        strobe.metaAD(Self.lengthBytes(message.count), more: true)
        strobe.ad(message, more: false)
    }

    /// `count` challenge bytes bound to everything appended so far, under `label`.
    mutating func challengeBytes(label: String, count: Int) -> [UInt8] {
        strobe.metaAD(Array(label.utf8), more: false)
        strobe.metaAD(Self.lengthBytes(count), more: true)
        return strobe.prf(count, more: false)
    }

    /// Merlin's transcript RNG: a fork of this transcript rekeyed with the secret `witness` (under
    /// `label`) and then with 32 fresh random bytes, so the output is unpredictable even if the RNG
    /// is weak (the witness is secret) and never repeats even if the witness leaks (fresh bytes).
    func witnessBytes(label: String, witness: [UInt8], random: [UInt8], count: Int) -> [UInt8] {
        var fork = strobe
        fork.metaAD(Array(label.utf8), more: false)
        fork.metaAD(Self.lengthBytes(witness.count), more: true)
        fork.key(witness, more: false)
        fork.metaAD(Array("rng".utf8), more: false)
        fork.key(random, more: false)
        fork.metaAD(Self.lengthBytes(count), more: false)
        let out = fork.prf(count, more: false)
        fork.wipe()
        return out
    }

    private static func lengthBytes(_ n: Int) -> [UInt8] {
        let v = UInt32(n)
        return [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)]
    }
}
