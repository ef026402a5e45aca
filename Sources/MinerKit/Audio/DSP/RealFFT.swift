import Foundation

/// A real-input FFT of a power-of-two size `n`, O(n log n).
///
/// The real signal is packed into a complex signal of half the length (even samples real, odd samples
/// imaginary), transformed by an iterative radix-2 FFT and split into the `n/2 + 1` bins of the real
/// spectrum. Conventions match numpy: `forward` is `np.fft.rfft`, `inverse` is `np.fft.irfft` (scaled 1/n).
/// Twiddles are precomputed; an instance is immutable and can be shared between threads.
public struct RealFFT: Sendable {
    /// Transform length (a power of two, at least 4).
    public let size: Int
    private let half: Int
    private let bitReverse: [Int]
    private let twiddleRe: [Float]   // e^{-2πik/half}, k < half/2
    private let twiddleIm: [Float]
    private let splitRe: [Float]     // e^{-2πik/size}, k <= half
    private let splitIm: [Float]

    /// - Throws: `MinerKitError(.invalidInput, code: "invalid_fft_size")` unless `size` is a power of two ≥ 4.
    public init(size: Int) throws {
        guard size >= 4, size <= 1 << 24, size & (size - 1) == 0 else {
            throw MinerKitError(.invalidInput, code: "invalid_fft_size", "FFT size must be a power of two between 4 and 2^24, got \(size)")
        }
        self.size = size
        half = size / 2
        var bits = 0
        while 1 << bits < half { bits += 1 }
        bitReverse = (0..<half).map { i in
            var r = 0
            for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
            return r
        }
        let h = half
        twiddleRe = (0..<max(1, h / 2)).map { Float(cos(-2 * Double.pi * Double($0) / Double(h))) }
        twiddleIm = (0..<max(1, h / 2)).map { Float(sin(-2 * Double.pi * Double($0) / Double(h))) }
        splitRe = (0...h).map { Float(cos(-2 * Double.pi * Double($0) / Double(size))) }
        splitIm = (0...h).map { Float(sin(-2 * Double.pi * Double($0) / Double(size))) }
    }

    /// In-place complex FFT of length `half` on split storage; `sign` -1 forward, +1 inverse (unscaled).
    private func complexFFT(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, inverse: Bool) {
        for i in 0..<half {
            let j = bitReverse[i]
            if j > i {
                swap(&re[i], &re[j])
                swap(&im[i], &im[j])
            }
        }
        var len = 2
        while len <= half {
            let step = half / len
            let h = len / 2
            var start = 0
            while start < half {
                for k in 0..<h {
                    let wr = twiddleRe[k * step]
                    let wi = inverse ? -twiddleIm[k * step] : twiddleIm[k * step]
                    let a = start + k, b = a + h
                    let xr = re[b] * wr - im[b] * wi
                    let xi = re[b] * wi + im[b] * wr
                    re[b] = re[a] - xr
                    im[b] = im[a] - xi
                    re[a] += xr
                    im[a] += xi
                }
                start += len
            }
            len <<= 1
        }
    }

    /// `size` real samples in, `size/2 + 1` complex bins out (`re`, `im` must hold that many).
    /// `scratch` must hold `size` floats.
    public func forward(_ input: UnsafePointer<Float>, re: UnsafeMutablePointer<Float>, im: UnsafeMutablePointer<Float>,
                        scratch: UnsafeMutablePointer<Float>) {
        let zr = scratch, zi = scratch + half
        for i in 0..<half {
            zr[i] = input[2 * i]
            zi[i] = input[2 * i + 1]
        }
        complexFFT(zr, zi, inverse: false)
        for k in 0...half {
            let a = k % half, b = (half - k) % half
            // E = (Z[k] + conj Z[h-k]) / 2, O = -i (Z[k] - conj Z[h-k]) / 2, X = E + W^k O
            let er = 0.5 * (zr[a] + zr[b]), ei = 0.5 * (zi[a] - zi[b])
            let or = 0.5 * (zi[a] + zi[b]), oi = -0.5 * (zr[a] - zr[b])
            re[k] = er + splitRe[k] * or - splitIm[k] * oi
            im[k] = ei + splitRe[k] * oi + splitIm[k] * or
        }
    }

    /// `size/2 + 1` bins in, `size` real samples out (scaled by 1/size, the exact inverse of `forward`).
    /// The imaginary parts of the DC and Nyquist bins are ignored, as numpy does. `scratch` holds `size` floats.
    public func inverse(re: UnsafePointer<Float>, im: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                        scratch: UnsafeMutablePointer<Float>) {
        let zr = scratch, zi = scratch + half
        for k in 0..<half {
            let xr = re[k], xi = k == 0 ? 0 : im[k]
            let yr = re[half - k], yi = k == 0 ? 0 : -im[half - k]   // conj X[h-k]
            let er = 0.5 * (xr + yr), ei = 0.5 * (xi + yi)
            let dr = 0.5 * (xr - yr), di = 0.5 * (xi - yi)
            // O = D · e^{+2πik/n} = D · conj(W^k)
            let or = dr * splitRe[k] + di * splitIm[k]
            let oi = di * splitRe[k] - dr * splitIm[k]
            zr[k] = er - oi
            zi[k] = ei + or
        }
        complexFFT(zr, zi, inverse: true)
        let scale = 1 / Float(half)
        for i in 0..<half {
            output[2 * i] = zr[i] * scale
            output[2 * i + 1] = zi[i] * scale
        }
    }
}
