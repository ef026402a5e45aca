import Foundation
import Testing
@testable import MinerKit

@Suite("Audio codecs")
struct AudioCodecTests {
    @Test func readsNumpyFilesOfEveryVersionAndDtype() throws {
        let ref = try AudioFixtures.referenceVector()
        for name in ["vector_f4.npy", "vector_f4_v2.npy", "vector_f4_v3.npy"] {
            let a = try NpyCodec.decode(AudioFixtures.data(name))
            #expect(a.layout == .vector)
            #expect(a.channels == [ref], "\(name)")
        }
        let row = try NpyCodec.decode(AudioFixtures.data("row_f8.npy"))
        #expect(row.layout == .channelsFirst(1))
        #expect(row.channels == [ref])
        let fortran = try NpyCodec.decode(AudioFixtures.data("stereo_f4_fortran.npy"))
        #expect(fortran.layout == .channelsFirst(2))
        #expect(fortran.channels == [ref, ref.map { 2 * $0 }])
        let ints = try NpyCodec.decode(AudioFixtures.data("stereo_i2.npy"))
        #expect(ints.channels[0][3] == Float(300) / 32768 && ints.channels[1][49] == Float(-4900) / 32768)
        #expect(ints.mixedToMono() == [Float](repeating: 0, count: 50))
    }

    @Test func refusesWhatItCannotRead() throws {
        #expect(AudioFixtures.errorCode { _ = try NpyCodec.decode(AudioFixtures.data("object.npy")) } == "unsupported_dtype")
        #expect(AudioFixtures.errorCode { _ = try NpyCodec.decode(AudioFixtures.data("big_endian.npy")) } == "unsupported_dtype")
        #expect(AudioFixtures.errorCode { _ = try NpyCodec.decode(AudioFixtures.data("int32.npy")) } == "unsupported_dtype")
        #expect(AudioFixtures.errorCode { _ = try NpyCodec.decode(AudioFixtures.data("cube.npy")) } == "unsupported_shape")
        let good = try AudioFixtures.data("vector_f4.npy")
        #expect(AudioFixtures.errorCode { _ = try NpyCodec.decode(good.dropLast(3)) } == "invalid_npy")
        #expect(AudioFixtures.errorCode { _ = try NpyCodec.decode(good + Data([0])) } == "invalid_npy")
        #expect(AudioFixtures.errorCode { _ = try NpyCodec.decode(good.prefix(40)) } == "invalid_npy")
        let empty = NpyCodec.encode([[]], layout: .vector)
        #expect(AudioFixtures.errorCode { _ = try NpyCodec.decode(empty) } == "empty_audio")
        var evil = good
        evil.replaceSubrange(10..<20, with: Array("{'x': 1}, ".utf8))
        #expect(AudioFixtures.errorCode { _ = try NpyCodec.decode(evil) } == "invalid_npy")
    }

    @Test func encodesWhatNumpyReads() throws {
        let ref = try AudioFixtures.referenceVector()
        // Byte-identical to numpy's own np.save of the same float32 vector.
        #expect(NpyCodec.encode([ref], layout: .vector) == (try AudioFixtures.data("vector_f4.npy")))
        let stereo = NpyCodec.encode([ref, ref], layout: .channelsFirst(2))
        #expect((stereo.count - 2 * 50 * 4) % 64 == 0)
        #expect(try NpyCodec.decode(stereo).channels == [ref, ref])
    }

    @Test func readsWavFiles() throws {
        let ref = try AudioFixtures.referenceVector()
        let mono = try WavCodec.decode(AudioFixtures.data("mono_f32.wav"))
        #expect(mono.channels == [ref] && mono.embeddedSampleRate == 16000)
        let stereo = try WavCodec.decode(AudioFixtures.data("stereo_pcm16.wav"))
        #expect(stereo.layout == .channelsFirst(2) && stereo.embeddedSampleRate == 22050)
        #expect(stereo.channels[1][2] == Float(-200) / 32768)
        let written = WavCodec.encode(stereo.channels, sampleRate: 22050, format: .pcm16)
        #expect(try WavCodec.decode(written).channels.map { $0.map { ($0 * 32768).rounded() } } ==
                stereo.channels.map { $0.map { ($0 * 32768).rounded() } })
        #expect(AudioFixtures.errorCode { _ = try WavCodec.decode(Data("RIFF\0\0\0\0WAVEjunk".utf8)) } == "invalid_wav")
    }

    @Test func recognisesPayloadKinds() throws {
        let npy = try AudioFixtures.data("vector_f4.npy").base64EncodedString()
        #expect(try AudioPayload.decode(base64: npy, maxBytes: 1 << 20).frameCount == 50)
        let raw = Data([Float(0.5), -0.25].flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } })
        #expect(try AudioPayload.decode(base64: raw.base64EncodedString(), maxBytes: 1 << 20).channels == [[0.5, -0.25]])
        #expect(AudioFixtures.errorCode { _ = try AudioPayload.decode(base64: "not base64!", maxBytes: 1 << 20) } == "invalid_base64")
        #expect(AudioFixtures.errorCode { _ = try AudioPayload.decode(base64: "AAAA", maxBytes: 1 << 20) } == "invalid_audio_format")
        #expect(AudioFixtures.errorCode { _ = try AudioPayload.decode(base64: npy, maxBytes: 100) } == "audio_too_large")
        #expect(AudioFixtures.errorCode { _ = try AudioPayload.decode(base64: "", maxBytes: 100) } == "empty_audio")
    }

    @Test func aWavDataSizeOfFFFFFFFFIsReadToTheRealEnd() throws {
        var wav = WavCodec.encode([(0..<100).map { Float($0) / 200 }], sampleRate: 16000, format: .pcm16)
        wav.replaceSubrange(40..<44, with: [0xFF, 0xFF, 0xFF, 0xFF])   // the data chunk's size
        let audio = try WavCodec.decode(wav)
        #expect(audio.frameCount == 100 && audio.channels[0][99] == Float(Int16((99.0 / 200 * 32767).rounded())) / 32768)
        wav.append(0x7F)                                                // half a sample more: not a frame
        #expect(try WavCodec.decode(wav).frameCount == 100)
        #expect(AudioFixtures.errorCode { _ = try WavCodec.decode(wav.prefix(44)) } == "empty_audio")
    }

    @Test func rawAudioIsFloat32AndFloat64IsRefused() throws {
        let samples: [Float] = (0..<64).map { sin(Float($0) * 0.3) * 0.4 }
        let raw = RawAudioCodec.encode(samples)
        let decoded = try RawAudioCodec.decode(raw)
        #expect(decoded.channels == [samples] && decoded.encoding == .rawFloat32)
        #expect(AudioEncoding.rawFloat32.encode([samples], layout: .vector, sampleRate: 16000) == raw)
        var float64 = Data()
        for sample in samples { withUnsafeBytes(of: (Double(sample) + 1e-9).bitPattern.littleEndian) { float64.append(contentsOf: $0) } }
        #expect(AudioFixtures.errorCode { _ = try RawAudioCodec.decode(float64) } == "raw_float64_audio")
        #expect(AudioFixtures.errorCode { _ = try AudioPayload.decode(bytes: float64) } == "raw_float64_audio")
    }
}

@Suite("Audio codecs: block-wise base64")
struct AudioBase64StreamTests {
    /// A `.npy` file with an arbitrary (deliberately unaligned) header, so values straddle base64 blocks.
    static func npy(descr: String, shape: [Int], fortran: Bool, itemSize: Int, pad: Int) -> Data {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(\(shape[0]), \(shape[1]))"
        let header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(dims), }"
            + String(repeating: " ", count: pad) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count), 0])
        data.append(contentsOf: Array(header.utf8))
        let count = shape.reduce(1, *)
        for i in 0..<count {
            let v = sin(Double(i) * 0.01) * 0.5
            switch itemSize {
            case 8: withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            case 4: withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { data.append(contentsOf: $0) }
            default: withUnsafeBytes(of: Int16(v * 32767).littleEndian) { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    @Test(arguments: [("<f8", 8, false, [50_000]), ("<i2", 2, true, [2, 60_000]), ("<f4", 4, false, [3, 20_000])])
    func matchesTheWholeFileDecoder(descr: String, itemSize: Int, fortran: Bool, shape: [Int]) throws {
        let bytes = Self.npy(descr: descr, shape: shape, fortran: fortran, itemSize: itemSize, pad: 3)
        let ascii = Data(bytes.base64EncodedString().utf8)
        #expect(ascii.count > 2 * Base64NpyDecoder.blockCharacters)
        #expect(try Base64NpyDecoder.decode(ascii) == NpyCodec.decode(bytes))
        #expect(try AudioPayload.decode(base64: ascii, maxBytes: 1 << 24) == NpyCodec.decode(bytes))
    }

    @Test func refusesBrokenStreams() throws {
        let bytes = Self.npy(descr: "<f4", shape: [40_000], fortran: false, itemSize: 4, pad: 1)
        let text = bytes.base64EncodedString()
        #expect(AudioFixtures.errorCode { _ = try Base64NpyDecoder.decode(Data(text.dropLast(4).utf8)) } == "invalid_npy")
        let longer = (bytes + Data([1, 2, 3])).base64EncodedString()
        #expect(AudioFixtures.errorCode { _ = try Base64NpyDecoder.decode(Data(longer.utf8)) } == "invalid_npy")
        var padded = Array(text.utf8)
        padded[Base64NpyDecoder.blockCharacters - 1] = UInt8(ascii: "=")
        #expect(AudioFixtures.errorCode { _ = try Base64NpyDecoder.decode(Data(padded)) } == "invalid_base64")
        #expect(AudioFixtures.errorCode { _ = try Base64NpyDecoder.decode(Data(text.dropLast(1).utf8)) } == "invalid_base64")
        let wav = WavCodec.encode([[0.5]], sampleRate: 16000, format: .pcm16).base64EncodedString()
        #expect(try Base64NpyDecoder.decode(Data(wav.utf8)) == nil)
    }
}
