/// The Merlin transcript schnorrkel 0.11 signs and verifies with, and its challenge scalar.
enum SR25519Transcript {
    /// The transcript after the signing context, message, protocol name and public key:
    /// `SigningContext` / `""`: context / `sign-bytes`: message / `proto-name`: `Schnorr-sig` / `sign:pk`: A.
    static func start(context: [UInt8], message: [UInt8], publicKey: [UInt8]) -> MerlinTranscript {
        var t = MerlinTranscript(label: "SigningContext")
        t.append(label: "", context)
        t.append(label: "sign-bytes", message)
        t.append(label: "proto-name", Array("Schnorr-sig".utf8))
        t.append(label: "sign:pk", publicKey)
        return t
    }

    /// The challenge k: appends `sign:R` and reduces 64 bytes of `sign:c` mod l.
    static func challenge(_ transcript: inout MerlinTranscript, commitment: [UInt8]) -> [UInt8] {
        transcript.append(label: "sign:R", commitment)
        return Ristretto.reduce(wide: transcript.challengeBytes(label: "sign:c", count: 64))
    }

    /// k for a whole signature, from scratch (the verifier's path; exposed to tests for the intermediates).
    static func challenge(context: [UInt8], message: [UInt8], publicKey: [UInt8], commitment: [UInt8]) -> [UInt8] {
        var t = start(context: context, message: message, publicKey: publicKey)
        return challenge(&t, commitment: commitment)
    }
}
