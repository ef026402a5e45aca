import Foundation
import Testing
@testable import MinerKit

/// The CUDA backend against the CPU backend, where a usable CUDA device exists (skipped elsewhere).
@Suite("CUDA parity", .enabled(if: CUDABackend.probe().isAvailable, "needs a usable CUDA device"))
struct CUDAParityTests {
    static func random(_ rows: Int, _ cols: Int, seed: Int) -> Matrix {
        var x = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        return Matrix(rows: rows, cols: cols, values: (0..<rows * cols).map { _ in
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            return Float(Int64(bitPattern: x % 2001) - 1000) / 1000
        })
    }

    static func maxDifference(_ a: Matrix, _ b: Matrix) -> Float {
        zip(a.values, b.values).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func residentProductsMatchTheCPU() throws {
        let gpu = try #require(CUDABackend()), cpu = try CPUBackend()
        for (n, k, out) in [(1, 128, 384), (7, 514, 128), (2048, 256, 257), (300, 3, 5)] {
            let layer = try LinearLayer(weight: Self.random(out, k, seed: k), bias: Self.random(1, out, seed: out).values)
            let placed = try gpu.place(layer)
            #expect(placed.isOnDevice)
            let input = Self.random(n, k, seed: n)
            let expected = try cpu.linear(input, cpu.place(layer))
            let got = try gpu.linear(input, placed)
            #expect(got.rows == n && got.cols == out)
            #expect(Self.maxDifference(got, expected) < 1e-3 * Float(k).squareRoot(), "[\(n)x\(k)]·[\(out)x\(k)]ᵀ")
        }
        let unplaced = try LinearLayer(weight: Self.random(4, 4, seed: 1), bias: [0, 0, 0, 0])
        #expect(AudioFixtures.errorCode { _ = try gpu.linear(Self.random(2, 4, seed: 2), unplaced) } == "tensor_not_placed")
    }

    /// Threads run products side by side, each on its own stream, and each gets its own answer.
    @Test func concurrentProductsOnSeveralThreadsGetTheirOwnResults() async throws {
        let gpu = try #require(CUDABackend())
        let layer = try gpu.place(LinearLayer(weight: Self.random(257, 256, seed: 3), bias: [Float](repeating: 0.5, count: 257)))
        let cpuLayer = try LinearLayer(weight: layer.weight, bias: layer.bias)
        let cpu = try CPUBackend()
        let threads = InferenceThreads(count: 4)
        try await withThrowingTaskGroup(of: Float.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let input = Self.random(100 + i * 37, 256, seed: 10 + i)
                    let got = try await threads.run { try gpu.linear(input, layer) }
                    return Self.maxDifference(got, try cpu.linear(input, cpuLayer))
                }
            }
            for try await difference in group { #expect(difference < 1e-2) }
        }
    }

    /// The shipped model on the GPU gives the CPU's mask and audio within float tolerance.
    @Test func wholeInferenceMatchesTheCPU() throws {
        let model = try SpeechEnhancerModel(directory: AudioFixtures.modelDirectory)
        let gpu = try #require(CUDABackend()), cpu = try CPUBackend()
        let onGPU = try model.placed(on: gpu)
        let input = try NpyCodec.decode(Data(contentsOf: AudioFixtures.modelDirectory.appendingPathComponent("parity/input.npy"))).channels[0]
        let maskErr = Self.maxDifference(try onGPU.mask(input, backend: gpu), try model.mask(input, backend: cpu))
        #expect(maskErr < 1e-3, "max mask difference \(maskErr)")
        let gpuEnhancer = try AudioEnhancer(model: model, backend: gpu), cpuEnhancer = try AudioEnhancer(model: model, backend: cpu)
        for rate in [16000, 48000] {
            let clip = rate == 16000 ? input : try Resampler(from: 16000, to: rate).process(input)
            let a = try gpuEnhancer.enhanceMono(clip, sampleRate: rate), b = try cpuEnhancer.enhanceMono(clip, sampleRate: rate)
            let err = zip(a, b).map { abs($0 - $1) }.max() ?? 1
            #expect(a.count == b.count && err < 1e-3, "\(rate) Hz: max output difference \(err)")
        }
        // Without placing, the GPU refuses rather than upload the weights per product.
        #expect(AudioFixtures.errorCode { _ = try model.mask(input, backend: gpu) } == "tensor_not_placed")
    }
}
