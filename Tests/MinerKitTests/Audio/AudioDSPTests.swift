import Foundation
import Testing
@testable import MinerKit

@Suite("Audio DSP")
struct AudioDSPTests {
    /// Direct O(n²) DFT, the reference the fast transform must match.
    static func dft(_ x: [Float]) -> (re: [Double], im: [Double]) {
        let n = x.count
        var re = [Double](repeating: 0, count: n / 2 + 1), im = re
        for k in 0...n / 2 {
            for (t, v) in x.enumerated() {
                let a = -2 * Double.pi * Double(k * t % n) / Double(n)
                re[k] += Double(v) * cos(a)
                im[k] += Double(v) * sin(a)
            }
        }
        return (re, im)
    }

    @Test(arguments: [4, 8, 64, 512])
    func realFFTMatchesTheDFTAndInverts(size: Int) throws {
        var rng = SystemRandomNumberGenerator()
        let x = (0..<size).map { _ in Float.random(in: -1...1, using: &rng) }
        let fft = try RealFFT(size: size)
        var re = [Float](repeating: 0, count: size / 2 + 1), im = re
        var scratch = [Float](repeating: 0, count: size), back = scratch
        fft.forward(x, re: &re, im: &im, scratch: &scratch)
        let ref = AudioDSPTests.dft(x)
        for k in 0...size / 2 {
            #expect(abs(Double(re[k]) - ref.re[k]) < 1e-4 * Double(size) && abs(Double(im[k]) - ref.im[k]) < 1e-4 * Double(size))
        }
        fft.inverse(re: re, im: im, output: &back, scratch: &scratch)
        #expect(zip(x, back).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func refusesBadFFTSizes() {
        #expect(AudioFixtures.errorCode { _ = try RealFFT(size: 100) } == "invalid_fft_size")
        #expect(AudioFixtures.errorCode { _ = try STFT(size: 512, hop: 500) } == "invalid_stft")
    }

    @Test(arguments: [1, 100, 511, 4000])
    func stftWithUnitMaskReconstructsAlignedSamples(length: Int) throws {
        let stft = try STFT(size: 512, hop: 128)
        let x: [Float] = (0..<length).map { i in
            let tone = Float(sin(Double(i) * 0.05)) * 0.5
            return tone + Float(i % 7) * 0.01
        }
        let frames = stft.frameCount(samples: length)
        var re = Matrix(rows: frames, cols: stft.bins), im = re
        x.withUnsafeBufferPointer { stft.analyze($0, frames: 0..<frames, re: &re, im: &im) }
        var y = [Float](repeating: 0, count: length)
        stft.synthesize(re: re, im: im, frames: 0..<frames, into: &y)
        stft.finish(&y)
        #expect(zip(x, y).map { abs($0 - $1) }.max()! < 1e-5)
    }

    static func sine(_ hz: Double, rate: Int, count: Int) -> [Float] {
        (0..<count).map { Float(0.5 * sin(2 * Double.pi * hz * Double($0) / Double(rate))) }
    }

    @Test(arguments: [(48000, 16000), (44100, 16000), (8000, 16000), (16000, 22050), (16000, 44101), (96000, 16001)])
    func resamplingKeepsToneAndTiming(from: Int, to: Int) throws {
        let r = try Resampler(from: from, to: to)
        let x = Self.sine(440, rate: from, count: from / 5)
        let y = r.process(x)
        #expect(y.count == r.outputCount(for: x.count))
        let expected = Self.sine(440, rate: to, count: y.count)
        // Away from the edges the output is the same tone at the same phase: no delay, no gain change.
        let mid = y.count / 4..<3 * y.count / 4
        #expect(mid.map { abs(y[$0] - expected[$0]) }.max()! < 2e-3)
    }

    @Test func downsamplingRemovesWhatTheNewRateCannotHold() throws {
        let r = try Resampler(from: 48000, to: 16000)
        let y = r.process(Self.sine(10_000, rate: 48000, count: 9600))
        let rms = (y[800..<2400].map { Double($0 * $0) }.reduce(0, +) / 1600).squareRoot()
        #expect(rms < 0.5 / 2.squareRoot() * 1e-3)   // attenuated by more than 60 dB
    }
}
