import Foundation

/// Short-time Fourier transform with a square-root periodic Hann window, analysis and synthesis.
///
/// Frame `f` covers input samples `[f·hop − (size − hop), f·hop + hop)`: the signal is implicitly
/// zero-padded by `size − hop` on the left, so the last samples of every frame are the newest ones
/// (causal processing) and `inverse` returns exactly the input samples, aligned, with no added delay.
/// With a 75 % overlap the squared window sums to a constant, so analysis followed by synthesis with a
/// unit mask reconstructs the input to float precision.
public struct STFT: Sendable {
    public let size: Int
    public let hop: Int
    /// `size / 2 + 1`.
    public var bins: Int { size / 2 + 1 }
    public let window: [Float]
    private let fft: RealFFT
    private let overlapGain: Float

    /// - Throws: `invalid_stft` unless `size` is a power of two and `hop` divides it with overlap ≥ 50 %.
    public init(size: Int, hop: Int) throws {
        guard hop > 0, size % hop == 0, size / hop >= 2 else {
            throw MinerKitError(.invalidInput, code: "invalid_stft", "STFT hop \(hop) must divide size \(size) at least twice")
        }
        fft = try RealFFT(size: size)
        self.size = size
        self.hop = hop
        window = (0..<size).map { Float((0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(size))).squareRoot()) }
        var gain: Float = 0
        for k in 0..<(size / hop) { gain += window[k * hop] * window[k * hop] }
        overlapGain = gain
    }

    /// Number of frames `analyze` produces for `samples` input samples.
    public func frameCount(samples: Int) -> Int {
        samples <= 0 ? 0 : (size - hop + samples - 1) / hop + 1
    }

    /// Spectra of frames `frames` of `signal`, one row per frame, `bins` columns in `re` and `im`.
    public func analyze(_ signal: UnsafeBufferPointer<Float>, frames: Range<Int>, re: inout Matrix, im: inout Matrix) {
        precondition(re.rows == frames.count && re.cols == bins && im.rows == frames.count && im.cols == bins)
        var frame = [Float](repeating: 0, count: size)
        var scratch = [Float](repeating: 0, count: size)
        let lead = size - hop
        for (row, f) in frames.enumerated() {
            let start = f * hop - lead
            for j in 0..<size {
                let i = start + j
                frame[j] = i >= 0 && i < signal.count ? signal[i] * window[j] : 0
            }
            re.values.withUnsafeMutableBufferPointer { r in
                im.values.withUnsafeMutableBufferPointer { m in
                    fft.forward(frame, re: r.baseAddress! + row * bins, im: m.baseAddress! + row * bins,
                                scratch: &scratch)
                }
            }
        }
    }

    /// Adds the windowed inverse transforms of the rows of `re`/`im` (frames `frames`) into `output`,
    /// which holds the whole signal; call `finish` once every frame has been added.
    public func synthesize(re: Matrix, im: Matrix, frames: Range<Int>, into output: inout [Float]) {
        var frame = [Float](repeating: 0, count: size)
        var scratch = [Float](repeating: 0, count: size)
        let lead = size - hop
        for (row, f) in frames.enumerated() {
            re.values.withUnsafeBufferPointer { r in
                im.values.withUnsafeBufferPointer { m in
                    fft.inverse(re: r.baseAddress! + row * bins, im: m.baseAddress! + row * bins,
                                output: &frame, scratch: &scratch)
                }
            }
            let start = f * hop - lead
            for j in max(0, -start)..<min(size, output.count - start) {
                output[start + j] += frame[j] * window[j]
            }
        }
    }

    /// Normalises an overlap-added signal by the window's overlap gain.
    public func finish(_ output: inout [Float]) {
        let g = 1 / overlapGain
        for i in output.indices { output[i] *= g }
    }
}
