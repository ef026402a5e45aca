import Foundation
import MinerKit
import MinerKitTesting

/// Audio inference speed on one core: sgemm and FFT throughput, real-time factor of the whole request
/// path (base64 `.npy` in → enhanced base64 `.npy` out) for 1 s, 10 s and 60 s clips, and peak RSS;
/// then `/health` latency while inference keeps both cores busy (``InferenceHealthBench``).
/// The model folder is `Models/speech-enhancer` under the working directory, or `$MINERKIT_MODEL`;
/// `$MINERKIT_BATCH_FRAMES` sets the model's frames per batch (peak RSS of different batch sizes needs a
/// process each). A sweep line compares batch sizes on a 60 s clip, and a CUDA line runs the 10 s clip on
/// the GPU where one is usable.
/// The sgemm line says whether `OPENBLAS_NUM_THREADS` came from the environment: without it, CPU/wall
/// near 1.00 shows that OpenBLAS started no thread of its own beside the one MinerKit asked for.
enum InferenceBench {
    static func run() async throws {
        let dir = ProcessInfo.processInfo.environment["MINERKIT_MODEL"] ?? "Models/speech-enhancer"
        let exported = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].map { "exported as \($0)" } ?? "not exported"
        let backend = try CPUBackend(blasThreads: 1)
        var model = try SpeechEnhancerModel(directory: URL(fileURLWithPath: dir))
        if let frames = ProcessInfo.processInfo.environment["MINERKIT_BATCH_FRAMES"].flatMap(Int.init) { model.batchFrames = frames }
        let enhancer = try AudioEnhancer(model: model, backend: backend)
        print("model: \(model.batchFrames ?? backend.preferredBatchFrames) frames per batch")

        let n = 512
        let a = Matrix(rows: n, cols: n, values: (0..<n * n).map { Float($0 % 13) * 0.01 })
        let bias = [Float](repeating: 0, count: n)
        for _ in 0..<5 { _ = try backend.linear(a, weight: a, bias: bias) }   // warm-up
        let gemmStart = ContinuousClock.now, gemmCPU = cpuSeconds()
        for _ in 0..<20 { _ = try backend.linear(a, weight: a, bias: bias) }
        let gemmSeconds = (ContinuousClock.now - gemmStart).timeInterval
        print("sgemm 512x512x512 (OpenBLAS \(backend.blasCore) kernels, threads: \(backend.blasThreads), OPENBLAS_NUM_THREADS \(exported)): "
              + String(format: "%.1f GFLOP/s, CPU/wall %.2f", 20 * 2 * Double(n * n * n) / gemmSeconds / 1e9,
                       (cpuSeconds() - gemmCPU) / gemmSeconds))

        let fft = try RealFFT(size: 512)
        let frame = (0..<512).map { Float(sin(Double($0) * 0.1)) }
        var re = [Float](repeating: 0, count: 257), im = re, scratch = [Float](repeating: 0, count: 512)
        let fftStart = ContinuousClock.now
        for _ in 0..<100_000 { fft.forward(frame, re: &re, im: &im, scratch: &scratch) }
        let fftSeconds = (ContinuousClock.now - fftStart).timeInterval
        print(String(format: "real FFT 512: %.0f k transforms/s (%.2f µs each)", 100_000 / fftSeconds / 1000, fftSeconds / 100_000 * 1e6))

        for (clip, rate) in [(1, 16000), (10, 16000), (60, 16000), (10, 22050), (10, 44100), (10, 48000)] {
            let x = testSignal(seconds: clip, rate: rate)
            let payload = NpyCodec.encode([x], layout: .vector).base64EncodedString()
            var best = Double.infinity, cpu = 0.0
            for _ in 0..<3 {
                let start = ContinuousClock.now, startCPU = cpuSeconds()
                _ = try enhancer.enhance(base64Audio: payload, sampleRate: rate)
                let wall = (ContinuousClock.now - start).timeInterval
                if wall < best { (best, cpu) = (wall, cpuSeconds() - startCPU) }
            }
            // CPU seconds per audio second is the figure a shared host does not distort (wall time does).
            print(String(format: "%2d s clip at %d Hz: %.1f ms, real-time factor %.4f (CPU/wall %.2f, CPU %.4f s per audio s)",
                         clip, rate, best * 1000, best / Double(clip), cpu / best, cpu / Double(clip)))
        }
        print(String(format: "peak RSS (VmHWM): %.1f MB", Double(ProcessMemory.peakResidentBytes()) / 1_048_576))
        try batchSweep(model, backend: backend)
        try cuda(model)
        transcription()
        try await InferenceHealthBench.run(modelDirectory: URL(fileURLWithPath: dir))
    }

    /// `--transcribe`'s cost: PocketSphinx on the recorded voices of alsa-utils' speaker test (eight
    /// two-word clips at 48 kHz, laid end to end), CPU seconds per audio second; skipped when it is missing.
    static func transcription() {
        let names = ["Front_Center", "Front_Left", "Front_Right", "Rear_Center", "Rear_Left", "Rear_Right", "Side_Left", "Side_Right"]
        do {
            let transcriber = try PocketSphinxTranscriber()
            var speech: [Float] = []
            for name in names {
                let wav = try Data(contentsOf: URL(fileURLWithPath: "/usr/share/sounds/alsa/\(name).wav"))
                speech += try WavCodec.decode(wav).mixedToMono()
            }
            let start = ContinuousClock.now, startCPU = cpuSeconds()
            let text = try transcriber.transcribe(speech, sampleRate: 48000)
            let wall = (ContinuousClock.now - start).timeInterval, audio = Double(speech.count) / 48000
            print(String(format: "transcription (PocketSphinx, %.1f s of recorded speech at 48 kHz): %.2f s, CPU %.3f s per audio s; heard: ",
                         audio, wall, (cpuSeconds() - startCPU) / audio) + text)
        } catch {
            print("transcription: skipped (\(error))")
        }
    }

    /// CPU seconds per audio second of a 60 s clip at 16 kHz with 256 (the former chunk), 2,048 and 7,500
    /// (the whole clip) frames per batch, best of three each.
    static func batchSweep(_ model: SpeechEnhancerModel, backend: CPUBackend) throws {
        let x = testSignal(seconds: 60, rate: 16000)
        var line = "60 s clip at 16000 Hz by frames per batch:"
        for frames in [256, 2048, 7500] {
            var batched = model
            batched.batchFrames = frames
            let enhancer = try AudioEnhancer(model: batched, backend: backend)
            var best = Double.infinity
            for _ in 0..<3 {
                let startCPU = cpuSeconds()
                _ = try enhancer.enhanceMono(x, sampleRate: 16000)
                best = min(best, cpuSeconds() - startCPU)
            }
            line += String(format: " %d: CPU %.4f s per audio s;", frames, best / 60)
        }
        print(line)
    }

    /// The 10 s clip on the CUDA backend (weights on the device), or why it was skipped.
    static func cuda(_ model: SpeechEnhancerModel) throws {
        guard let gpu = CUDABackend() else {
            print("cuda: skipped (\(CUDABackend.probe().reason))")
            return
        }
        let enhancer = try AudioEnhancer(model: model, backend: gpu)
        let x = testSignal(seconds: 10, rate: 16000)
        _ = try enhancer.enhanceMono(x, sampleRate: 16000)   // the thread's stream and handle are made here
        var best = Double.infinity, cpu = 0.0
        for _ in 0..<3 {
            let start = ContinuousClock.now, startCPU = cpuSeconds()
            _ = try enhancer.enhanceMono(x, sampleRate: 16000)
            let wall = (ContinuousClock.now - start).timeInterval
            if wall < best { (best, cpu) = (wall, cpuSeconds() - startCPU) }
        }
        print(String(format: "cuda, 10 s clip at 16000 Hz: %.1f ms, real-time factor %.4f, CPU %.4f s per audio s", best * 1000, best / 10, cpu / 10))
    }

    /// Tones with a vibrato plus white noise: speech-like energy in every band, deterministic.
    static func testSignal(seconds: Int, rate: Int) -> [Float] {
        var g = SystemRandomNumberGenerator()
        return (0..<seconds * rate).map { i in
            let t = Double(i) / Double(rate)
            let voice = 0.1 * sin(2 * Double.pi * (180 + 20 * sin(5 * t)) * t)
            return Float(voice) + Float.random(in: -0.03...0.03, using: &g)
        }
    }

    /// User + system CPU time of the whole process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

}
