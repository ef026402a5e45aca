import COpenBLASShim
import Foundation

/// Band-limited sample-rate conversion between any two integer rates (Kaiser-windowed sinc).
///
/// Each output sample is the input convolved with a low-pass sinc kernel centred exactly on the output
/// instant, so there is no delay: output sample `n` sits at input time `n · from / to`. The cut-off is
/// 0.95 × the lower Nyquist frequency and the kernel spans `zeroCrossings` lobes each side. When the
/// reduced ratio `to/from = L/M` has at most `maxPhases` phases (every common rate pair) the kernel is
/// precomputed exactly per phase (polyphase) and each output sample is one dot product; otherwise it is
/// tabulated at 512 points per lobe and linearly interpolated, which keeps the error near −90 dB.
public struct Resampler: Sendable {
    public let fromRate: Int
    public let toRate: Int
    private let cutoff: Double          // cycles per input sample
    private let halfWidth: Double       // kernel half-width in input samples
    private let table: [Float]          // kernel at x = i / tableDensity input samples, x ≥ 0
    private let tableDensity: Double
    private let phases: Int             // L of the reduced ratio, when the polyphase bank is used
    private let step: Int               // M of the reduced ratio
    private let reach: Int              // taps j in (-reach, reach] around the integer input position
    private let bank: [Float]           // phases × 2·reach weights, empty when the table is used
    /// The largest polyphase bank built (phases); rarer ratios use the interpolated table.
    public static let maxPhases = 4096
    private static let zeroCrossings = 16
    private static let beta = 8.6

    /// - Throws: `invalid_sample_rate` when a rate is not positive or above 1 MHz; `openblas_not_found`
    ///   when OpenBLAS (its dot products) cannot be loaded.
    public init(from: Int, to: Int) throws {
        guard from > 0, to > 0, from <= 1_000_000, to <= 1_000_000 else {
            throw MinerKitError(.invalidInput, code: "invalid_sample_rate", "cannot resample from \(from) Hz to \(to) Hz")
        }
        try OpenBLAS.load()
        fromRate = from
        toRate = to
        cutoff = 0.5 * min(1.0, Double(to) / Double(from)) * 0.95
        halfWidth = Double(Self.zeroCrossings) / (2 * cutoff)
        tableDensity = 512 * 2 * cutoff
        let count = Int((halfWidth * tableDensity).rounded(.up)) + 2
        let i0 = Self.besselI0(Self.beta)
        let hw = halfWidth, fc = cutoff, density = tableDensity
        func kernel(_ x: Double) -> Float {
            let x = abs(x)
            guard x < hw else { return 0 }
            let arg = 2 * Double.pi * fc * x
            let sinc = x == 0 ? 1 : sin(arg) / arg
            let r = x / hw
            return Float(2 * fc * sinc * Self.besselI0(Self.beta * (1 - r * r).squareRoot()) / i0)
        }
        var a = from, b = to
        while b != 0 { (a, b) = (b, a % b) }
        phases = to / a
        step = from / a
        reach = Int(hw.rounded(.up)) + 1
        if phases <= Self.maxPhases {
            let (l, k) = (phases, reach)
            table = []
            bank = (0..<l * 2 * k).map { i in
                let r = i / (2 * k), j = i % (2 * k) - k + 1
                return kernel(Double(r) / Double(l) - Double(j))
            }
        } else {
            table = (0..<count).map { kernel(Double($0) / density) }
            bank = []
        }
    }

    /// Output length for `count` input samples: `ceil(count · to / from)`.
    public func outputCount(for count: Int) -> Int {
        count <= 0 ? 0 : Int((Int64(count) * Int64(toRate) + Int64(fromRate) - 1) / Int64(fromRate))
    }

    /// Resamples `input`; samples outside the input are taken as zero.
    public func process(_ input: [Float]) -> [Float] {
        if fromRate == toRate { return input }
        if !bank.isEmpty { return polyphase(input) }
        let n = outputCount(for: input.count)
        var out = [Float](repeating: 0, count: n)
        let step = Double(fromRate) / Double(toRate)
        input.withUnsafeBufferPointer { x in
            table.withUnsafeBufferPointer { h in
                for i in 0..<n {
                    let t = Double(i) * step
                    let lo = max(0, Int((t - halfWidth).rounded(.up)))
                    let hi = min(x.count - 1, Int((t + halfWidth).rounded(.down)))
                    guard lo <= hi else { continue }
                    var acc: Float = 0
                    for k in lo...hi {
                        let pos = abs(t - Double(k)) * tableDensity
                        let j = Int(pos)
                        let frac = Float(pos - Double(j))
                        acc += x[k] * (h[j] + frac * (h[j + 1] - h[j]))
                    }
                    out[i] = acc
                }
            }
        }
        return out
    }

    /// One dot product per output sample with the precomputed weights of its phase.
    private func polyphase(_ input: [Float]) -> [Float] {
        let n = outputCount(for: input.count)
        var out = [Float](repeating: 0, count: n)
        let width = 2 * reach
        input.withUnsafeBufferPointer { x in
            bank.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { y in
                    for i in 0..<n {
                        let position = i * step
                        let base = position / phases, r = position % phases
                        let first = base - reach + 1
                        let weights = w.baseAddress! + r * width
                        var acc: Float = 0
                        if first >= 0 && first + width <= x.count {
                            acc = copenblas_sdot(Int32(width), x.baseAddress! + first, weights)
                        } else {
                            for j in max(0, -first)..<min(width, x.count - first) { acc += x[first + j] * weights[j] }
                        }
                        y[i] = acc
                    }
                }
            }
        }
        return out
    }

    /// Modified Bessel function of the first kind, order 0 (series; converges fast for the β used here).
    private static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0, k = 1.0
        while term > 1e-12 * sum, k < 200 {
            term *= (x / (2 * k)) * (x / (2 * k))
            sum += term
            k += 1
        }
        return sum
    }
}
