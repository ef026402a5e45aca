import Foundation

/// Reads and writes RIFF/WAVE files: 16-bit PCM and 32-bit float, any channel count up to 16
/// (`WAVE_FORMAT_EXTENSIBLE` included). Chunks are walked with bounds checks; anything else is refused
/// with `MinerKitError(.invalidInput, code: "invalid_wav")`.
public enum WavCodec {
    /// The sample encodings `encode` can write.
    public enum SampleFormat: Sendable, Equatable {
        case pcm16
        case float32
    }

    /// Whether `bytes` start like a WAV file.
    public static func looksLikeWav(_ bytes: Data) -> Bool {
        bytes.count >= 12 && bytes.prefix(4).elementsEqual(Array("RIFF".utf8))
            && bytes.dropFirst(8).prefix(4).elementsEqual(Array("WAVE".utf8))
    }

    /// Decodes a WAV file; `embeddedSampleRate` is the header's rate.
    public static func decode(_ bytes: Data) throws -> DecodedAudio {
        let b = [UInt8](bytes)
        guard looksLikeWav(bytes) else { throw bad("not a RIFF/WAVE file") }
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        var pos = 12
        var format: (tag: Int, channels: Int, rate: Int, bits: Int)?
        var data: Range<Int>?
        while pos + 8 <= b.count, data == nil {
            let id = String(decoding: b[pos..<pos + 4], as: UTF8.self)
            let size = u32(pos + 4)
            let body = pos + 8
            guard size <= b.count - body else {
                // Streams written before their length was known leave a too-large data size: take what is there.
                if id == "data" { data = body..<b.count; break }
                throw bad("chunk '\(id)' runs past the end of the file")
            }
            if id == "fmt " {
                guard size >= 16 else { throw bad("fmt chunk too short") }
                var tag = u16(body)
                if tag == 0xFFFE {
                    guard size >= 26 else { throw bad("extensible fmt chunk too short") }
                    tag = u16(body + 24)
                }
                format = (tag, u16(body + 2), u32(body + 4), u16(body + 14))
            } else if id == "data" {
                data = body..<body + size
            }
            pos = body + size + (size & 1)
        }
        guard let f = format else { throw bad("no fmt chunk") }
        guard let range = data else { throw bad("no data chunk") }
        guard f.channels >= 1, f.channels <= NpyCodec.maxChannels else { throw bad("\(f.channels) channels are not supported") }
        let width: Int
        switch (f.tag, f.bits) {
        case (1, 16): width = 2
        case (3, 32): width = 4
        default: throw bad("format \(f.tag) with \(f.bits) bits is not supported (16-bit PCM or 32-bit float are)")
        }
        let frames = range.count / (width * f.channels)
        guard frames > 0 else { throw MinerKitError(.invalidInput, code: "empty_audio", "the audio has no samples") }
        var channels = [[Float]](repeating: [Float](repeating: 0, count: frames), count: f.channels)
        b.withUnsafeBytes { raw in
            let base = raw.baseAddress! + range.lowerBound
            for c in 0..<f.channels {
                channels[c].withUnsafeMutableBufferPointer { dst in
                    for t in 0..<frames {
                        let p = base + (t * f.channels + c) * width
                        dst[t] = width == 2
                            ? Float(Int16(littleEndian: p.loadUnaligned(as: Int16.self))) / 32768
                            : Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
                    }
                }
            }
        }
        return DecodedAudio(channels: channels, layout: f.channels == 1 ? .vector : .channelsFirst(f.channels),
                            embeddedSampleRate: f.rate, encoding: .wav(width == 2 ? .pcm16 : .float32))
    }

    /// Encodes interleaved channels as a canonical 44-byte-header WAV file. PCM16 values are clipped to ±1.
    public static func encode(_ channels: [[Float]], sampleRate: Int, format: SampleFormat) -> Data {
        let frames = channels.first?.count ?? 0
        let width = format == .pcm16 ? 2 : 4
        let dataSize = frames * channels.count * width
        var out = Data()
        out.reserveCapacity(44 + dataSize)
        func put32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { out.append(contentsOf: $0) } }
        func put16(_ v: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: v).littleEndian) { out.append(contentsOf: $0) } }
        out.append(contentsOf: Array("RIFF".utf8)); put32(36 + dataSize)
        out.append(contentsOf: Array("WAVEfmt ".utf8)); put32(16)
        put16(format == .pcm16 ? 1 : 3); put16(channels.count); put32(sampleRate)
        put32(sampleRate * channels.count * width); put16(channels.count * width); put16(width * 8)
        out.append(contentsOf: Array("data".utf8)); put32(dataSize)
        for t in 0..<frames {
            for ch in channels {
                switch format {
                case .pcm16: put16(Int(Int16((max(-1, min(1, ch[t])) * 32767).rounded())))
                case .float32: put32(Int(ch[t].bitPattern))
                }
            }
        }
        return out
    }

    static func bad(_ detail: String) -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_wav", detail)
    }
}
