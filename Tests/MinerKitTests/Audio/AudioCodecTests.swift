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
}
