import Foundation

/// The inference service behind `/api/v1/inference`: owns the loaded model and runs requests with
/// bounded concurrency and a bounded FIFO queue.
///
/// Requests beyond `maxConcurrent` wait in the queue; when the queue is full they are refused at once
/// with `MinerKitError(.unavailable, code: "queue_full", retryAfter: 1)`, so load never grows memory
/// without bound. Until `load` succeeds, `isReady` is false and requests fail with `model_not_loaded`
/// (HTTP answers 503). Audio travels as base64 strings; no JSON is touched here.
///
/// The work of a request (decoding, the model, encoding) runs on `maxConcurrent` threads of the
/// service's own, never on Swift's cooperative pool; they stop when the service goes away.
public actor InferenceService {
    /// Concurrency, queue and input limits.
    public struct Configuration: Sendable {
        public var maxConcurrent: Int
        public var queueCapacity: Int
        public var limits: AudioLimits
        /// Where the products run: CUDA when usable (`.auto`, the default), always the CPU, or CUDA only.
        public var device: TensorDevice
        /// OpenBLAS threads for the CPU backend.
        public var blasThreads: Int

        public init(maxConcurrent: Int = 2, queueCapacity: Int = 16, limits: AudioLimits = AudioLimits(),
                    device: TensorDevice = .auto, blasThreads: Int = 1) {
            self.maxConcurrent = max(1, maxConcurrent)
            self.queueCapacity = max(0, queueCapacity)
            self.limits = limits
            self.device = device
            self.blasThreads = blasThreads
        }
    }

    /// One reply: base64 audio in the request's encoding and the words of the enhanced audio when the
    /// service has a ``transcriber`` (`nil` otherwise, which the HTTP reply leaves out).
    public struct Result: Sendable {
        public let audioBase64: String
        public let text: String?
    }

    public nonisolated let configuration: Configuration
    /// Whether a CUDA device is usable (health's `gpu_available`).
    public nonisolated let gpuAvailable: Bool
    /// Fills each reply's `text` when set (`minerkit inference serve --transcribe`); it runs in the
    /// request's processing slot, after the model.
    public nonisolated let transcriber: (any SpeechTranscriber)?
    private var enhancer: AudioEnhancer?
    private let threads: InferenceThreads
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Told how long the model took to load and how much audio each request held (metrics).
    public nonisolated let observer: (any MinerKitObserver)?

    public init(configuration: Configuration = Configuration(), transcriber: (any SpeechTranscriber)? = nil,
                observer: (any MinerKitObserver)? = nil) {
        self.configuration = configuration
        self.transcriber = transcriber
        self.observer = observer
        gpuAvailable = TensorBackends.gpuAvailable
        threads = InferenceThreads(count: configuration.maxConcurrent)
    }

    /// True once a model is loaded.
    public var isReady: Bool { enhancer != nil }

    /// What the loaded model runs on (`nil` before ``load(modelDirectory:)``).
    public var backend: (any TensorBackend)? { enhancer?.backend }

    /// Requests waiting for a slot.
    public var queued: Int { waiting.count }

    /// Loads the model folder (`config.yaml` + `model.safetensors`); the service is ready afterwards.
    public nonisolated func load(modelDirectory: URL) async throws {
        try await load(model: { try SpeechEnhancerModel(directory: modelDirectory) })
    }

    /// Loads the model `make` builds (from a folder, a download, memory); the service is ready afterwards.
    ///
    /// `make` and the backend's set-up (seconds on a slow disk; the weights' upload on a GPU) run on the
    /// service's own threads, off the actor: meanwhile ``isReady`` answers at once and requests are refused at once with
    /// `model_not_loaded` (HTTP 503 with `Retry-After`), never held until the model is in.
    public nonisolated func load(model make: @escaping @Sendable () throws -> SpeechEnhancerModel) async throws {
        let started = ContinuousClock.now
        let configuration = self.configuration
        let enhancer = try await threads.run {
            let model = try make()
            let backend = try TensorBackends.backend(for: configuration.device, blasThreads: configuration.blasThreads)
            return try AudioEnhancer(model: model, backend: backend, limits: configuration.limits)
        }
        await load(enhancer)
        observer?.observe(.modelLoaded(seconds: (ContinuousClock.now - started).timeInterval))
    }

    /// Serves with `enhancer` (its limits apply, not the configuration's); the service is ready afterwards.
    func load(_ enhancer: AudioEnhancer) {
        self.enhancer = enhancer
    }

    /// Enhances base64 audio at `sampleRate` (Hz); see `AudioEnhancer` for formats and the reply's shape.
    public nonisolated func enhance(base64Audio: String, sampleRate: Int) async throws -> Result {
        try await run(sampleRate: sampleRate) { try $0.reply(base64Audio: base64Audio, sampleRate: sampleRate, transcriber: transcriber) }
    }

    /// The same with the base64 text as ASCII bytes (an HTTP body slice, not copied into a String).
    public nonisolated func enhance(base64Audio ascii: Data, sampleRate: Int) async throws -> Result {
        try await run(sampleRate: sampleRate) { try $0.reply(base64Audio: ascii, sampleRate: sampleRate, transcriber: transcriber) }
    }

    private nonisolated func run(sampleRate: Int,
                                 _ work: (AudioEnhancer) throws -> (base64: String, frames: Int, text: String?)) async throws -> Result {
        let enhancer = try await acquire()
        do {
            let started = ContinuousClock.now
            let (audio, frames, text) = try await threads.run { try work(enhancer) }
            await release()
            observer?.observe(.inferenceCompleted(audioSeconds: Double(frames) / Double(max(1, sampleRate)),
                                                  processingSeconds: (ContinuousClock.now - started).timeInterval))
            return Result(audioBase64: audio, text: text)
        } catch {
            await release()
            throw error
        }
    }

    /// Takes a processing slot, waiting in the queue when all are busy.
    func acquire() async throws -> AudioEnhancer {
        guard let enhancer else {
            throw MinerKitError(.unavailable, code: "model_not_loaded", "the model is not loaded yet", retryAfter: 1)
        }
        if running < configuration.maxConcurrent {
            running += 1
            return enhancer
        }
        guard waiting.count < configuration.queueCapacity else {
            throw MinerKitError(.unavailable, code: "queue_full", "the inference queue is full; retry shortly", retryAfter: 1)
        }
        await withCheckedContinuation { waiting.append($0) }   // the slot is handed over by release()
        return enhancer
    }

    /// Gives a slot back, to the longest-waiting request if there is one.
    func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
