import Foundation
import Synchronization
import Testing
@testable import MinerKit

/// `--device auto|cpu|cuda`, the CPU products, and the batching of the model's products, on any machine.
@Suite("Tensor device and batching")
struct TensorDeviceTests {
    static let gpu = CUDABackend.probe()
    static let none = CUDABackend.Availability(deviceCount: 0, reason: "libcudart not found")
    static let one = CUDABackend.Availability(deviceCount: 1, reason: "")

    @Test func autoTakesCUDAOnlyWhereADeviceIsUsableAndCPUAlwaysMeansTheCPU() throws {
        #expect(try TensorDevice.auto.resolved(Self.one) == .cuda)
        #expect(try TensorDevice.auto.resolved(Self.none) == .cpu)
        #expect(try TensorDevice.cpu.resolved(Self.one) == .cpu)
        #expect(try TensorDevice.cpu.resolved(Self.none) == .cpu)
        #expect(try TensorDevice.cuda.resolved(Self.one) == .cuda)
        let refused = #expect(throws: MinerKitError.self) { _ = try TensorDevice.cuda.resolved(Self.none) }
        #expect(refused?.code == "cuda_unavailable" && refused?.kind == .unavailable)
        #expect(refused?.detail.contains("libcudart not found") == true)
        #expect(TensorDevice(rawValue: "gpu") == nil && TensorDevice.allCases.map(\.rawValue) == ["auto", "cpu", "cuda"])
    }

    @Test func theBackendFollowsTheDeviceOnThisMachine() throws {
        #expect(try TensorBackends.backend(for: .cpu).name == "cpu-openblas")
        #expect(try TensorBackends.backend(for: .auto).name == (Self.gpu.isAvailable ? "cuda" : "cpu-openblas"))
        #expect(TensorBackends.gpuAvailable == Self.gpu.isAvailable)
    }

    @Test(.enabled(if: !CUDABackend.probe().isAvailable, "needs a machine without a usable CUDA device"))
    func cudaIsRefusedWithTheProbesReasonWhereNoDeviceIsUsable() throws {
        let refused = #expect(throws: MinerKitError.self) { _ = try TensorBackends.backend(for: .cuda) }
        #expect(refused?.code == "cuda_unavailable" && refused?.detail.contains(Self.gpu.reason) == true)
        #expect(!Self.gpu.reason.isEmpty)
    }

    @Test func cpuLinearIsInputTimesWeightTransposedPlusBias() throws {
        let input = Matrix(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6])
        let layer = try LinearLayer(weight: Matrix(rows: 2, cols: 3, values: [1, 0, -1, 0.5, 0.5, 0.5]), bias: [10, -1])
        let cpu = try CPUBackend()
        let placed = try cpu.place(layer)
        #expect(!placed.isOnDevice)
        #expect(try cpu.linear(input, placed) == Matrix(rows: 2, cols: 2, values: [8, 2, 8, 6.5]))
        #expect(try cpu.linear(Matrix(rows: 0, cols: 3), placed) == Matrix(rows: 0, cols: 2))
        #expect(AudioFixtures.errorCode { _ = try cpu.linear(Matrix(rows: 1, cols: 2), placed) } == "tensor_shape_mismatch")
        #expect(AudioFixtures.errorCode { _ = try LinearLayer(weight: layer.weight, bias: [1]) } == "tensor_shape_mismatch")
    }

    /// The CPU backend, counting its products.
    final class CountingBackend: TensorBackend {
        let cpu: CPUBackend
        let products = Mutex<Int>(0)
        init(cpu: CPUBackend) { self.cpu = cpu }
        var name: String { cpu.name }
        var preferredBatchFrames: Int { cpu.preferredBatchFrames }
        func place(_ layer: LinearLayer) throws -> LinearLayer { try cpu.place(layer) }
        func linear(_ input: Matrix, _ layer: LinearLayer) throws -> Matrix {
            products.withLock { $0 += 1 }
            return try cpu.linear(input, layer)
        }
    }

    /// The products that do not depend on the recurrence run once per batch, every frame at once: with
    /// 2,048-frame batches (CUDA's) a 1 s and a 10 s clip take the same number (encoder, GRU input,
    /// output), not one per frame.
    @Test func aRequestRunsEachBatchedLayerOncePerBatchNotPerFrame() throws {
        var model = try SpeechEnhancerModel(directory: AudioFixtures.modelDirectory)
        model.batchFrames = 2048
        var counts: [Int] = []
        for seconds in [1, 10] {
            let backend = CountingBackend(cpu: try CPUBackend())
            let enhancer = try AudioEnhancer(model: model, backend: backend)
            let clip = (0..<seconds * 16000).map { Float(0.2 * sin(Double($0) * 0.05)) }
            _ = try enhancer.enhanceMono(clip, sampleRate: 16000)
            counts.append(backend.products.withLock { $0 })
        }
        #expect(counts == [3, 3])
        // Unset, the batch is the backend's: 256 frames on the CPU, so 10 s (1,253 frames) is 5 batches.
        model.batchFrames = nil
        let cpu = CountingBackend(cpu: try CPUBackend())
        _ = try model.mask([Float](repeating: 0.01, count: 160_000), backend: cpu)
        #expect(cpu.products.withLock { $0 } == 15)
        // Past a batch the products repeat once per batch, not per frame.
        var small = model
        small.batchFrames = 50
        let backend = CountingBackend(cpu: try CPUBackend())
        _ = try small.mask([Float](repeating: 0.01, count: 16000), backend: backend)   // 128 frames: 3 batches
        #expect(backend.products.withLock { $0 } == 9)
    }
}
