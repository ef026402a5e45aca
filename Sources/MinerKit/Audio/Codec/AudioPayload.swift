import Foundation

/// The audio payload of an inference request: base64 of a `.npy` array, of a WAV file, or of raw
/// little-endian float32 samples, recognised by their first bytes in that order. The decoded audio
/// says which (``DecodedAudio/encoding``), so the reply can be given back the same way.
public enum AudioPayload {
    /// Decodes base64 text and then the audio inside it.
    /// - Parameter maxBytes: refuse payloads whose decoded size would exceed this, before decoding.
    public static func decode(base64: String, maxBytes: Int) throws -> DecodedAudio {
        try checkSize(base64Count: base64.utf8.count, maxBytes: maxBytes)
        return try decode(bytes: Data(base64Encoded: base64))
    }

    /// Decodes base64 text given as ASCII bytes (e.g. a slice of an HTTP body, without copying it to a
    /// String). `.npy` payloads are decoded block by block (`Base64NpyDecoder`) to keep memory low.
    public static func decode(base64 ascii: Data, maxBytes: Int) throws -> DecodedAudio {
        try checkSize(base64Count: ascii.count, maxBytes: maxBytes)
        if let npy = try Base64NpyDecoder.decode(ascii) { return npy }
        return try decode(bytes: Data(base64Encoded: ascii))
    }

    private static func checkSize(base64Count: Int, maxBytes: Int) throws {
        guard base64Count / 4 * 3 <= maxBytes else {
            throw MinerKitError(.invalidInput, code: "audio_too_large", "the audio payload exceeds \(maxBytes) bytes")
        }
        guard base64Count > 0 else { throw MinerKitError(.invalidInput, code: "empty_audio", "audio_data is empty") }
    }

    private static func decode(bytes: Data?) throws -> DecodedAudio {
        guard let bytes else { throw MinerKitError(.invalidInput, code: "invalid_base64", "audio_data is not valid base64") }
        return try decode(bytes: bytes)
    }

    /// Decodes `.npy`, WAV or raw float32 bytes (``RawAudioCodec``).
    public static func decode(bytes: Data) throws -> DecodedAudio {
        if NpyCodec.looksLikeNpy(bytes) { return try NpyCodec.decode(bytes) }
        if WavCodec.looksLikeWav(bytes) { return try WavCodec.decode(bytes) }
        return try RawAudioCodec.decode(bytes)
    }
}
