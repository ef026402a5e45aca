import Foundation

/// Bare audio samples with no header: little-endian float32, the one raw format the inference API
/// reads (the spec's arrays carry their dtype only inside a `.npy` header).
///
/// Raw bytes say nothing about their dtype, so float64 samples (`array.tobytes()` of NumPy's default
/// dtype) would read as float32 noise of twice the length. They are recognised and refused
/// (`raw_float64_audio`) instead: read as float32 they hold non-finite or huge values (the low words of
/// float64 samples are mantissa bits), while read as float64 they are ordinary audio.
public enum RawAudioCodec {
    /// Magnitudes beyond this are not audio in any float convention (±1, or int16-scaled ±32768).
    static let plausibleMagnitude: Double = 1e6

    /// Decodes raw float32 samples (one channel); refuses lengths that are not a multiple of 4 and
    /// float64 data.
    public static func decode(_ bytes: Data) throws -> DecodedAudio {
        guard !bytes.isEmpty else { throw MinerKitError(.invalidInput, code: "empty_audio", "the audio has no samples") }
        guard bytes.count % 4 == 0 else {
            throw MinerKitError(.invalidInput, code: "invalid_audio_format",
                                "audio_data is neither .npy, WAV nor raw float32 (its length \(bytes.count) is not a multiple of 4)")
        }
        let samples = bytes.withUnsafeBytes { raw in
            (0..<bytes.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        if bytes.count % 8 == 0, !samples.allSatisfy({ $0.isFinite && Double($0.magnitude) <= plausibleMagnitude }),
           isPlausibleFloat64(bytes) {
            throw MinerKitError(.invalidInput, code: "raw_float64_audio",
                                "audio_data holds raw float64 samples; raw audio is read as little-endian float32: "
                                    + "send array.astype(np.float32).tobytes(), or np.save bytes, which carry their dtype")
        }
        return DecodedAudio(channels: [samples], layout: .vector, encoding: .rawFloat32)
    }

    /// Little-endian float32 bytes of `samples`.
    public static func encode(_ samples: [Float]) -> Data {
        var out = Data()
        out.reserveCapacity(samples.count * 4)
        for sample in samples {
            withUnsafeBytes(of: sample.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    private static func isPlausibleFloat64(_ bytes: Data) -> Bool {
        bytes.withUnsafeBytes { raw in
            (0..<bytes.count / 8).allSatisfy {
                let value = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
                return value.isFinite && value.magnitude <= plausibleMagnitude
            }
        }
    }
}
