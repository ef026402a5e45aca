import Foundation

/// Scale-invariant signal-to-distortion ratio, the standard speech-enhancement quality measure.
///
/// SI-SDR(estimate, reference) = 10·log10(‖αs‖² / ‖αs − ŝ‖²) with α = ⟨ŝ, s⟩ / ‖s‖², after removing each
/// signal's mean. Higher is better; an enhancer's gain is SI-SDR(enhanced) − SI-SDR(noisy).
public enum SISDR {
    /// SI-SDR in dB of `estimate` against `reference` (same length; the shorter length is used otherwise).
    /// Returns `nil` for an empty or silent reference.
    public static func decibels(estimate: [Float], reference: [Float]) -> Double? {
        let n = min(estimate.count, reference.count)
        guard n > 0 else { return nil }
        var meanE = 0.0, meanR = 0.0
        for i in 0..<n {
            meanE += Double(estimate[i])
            meanR += Double(reference[i])
        }
        meanE /= Double(n)
        meanR /= Double(n)
        var dot = 0.0, energy = 0.0
        for i in 0..<n {
            let r = Double(reference[i]) - meanR
            dot += (Double(estimate[i]) - meanE) * r
            energy += r * r
        }
        guard energy > 0 else { return nil }
        let alpha = dot / energy
        var target = 0.0, noise = 0.0
        for i in 0..<n {
            let t = alpha * (Double(reference[i]) - meanR)
            let e = (Double(estimate[i]) - meanE) - t
            target += t * t
            noise += e * e
        }
        guard noise > 0 else { return .infinity }
        return 10 * log10(target / noise)
    }
}






