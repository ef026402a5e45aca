import ArgumentParser
import Foundation
import Logging
import MinerKit
import MinerKitHTTP
import ServiceLifecycle

/// `minerkit inference`: the miner inference server (its one subcommand is `serve`).
struct InferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inference",
        abstract: "Serve the miner inference API (speech enhancement).",
        subcommands: [InferenceServeCommand.self]
    )
}

/// `minerkit inference serve --model DIR`: the `/api/v1/health` and `/api/v1/inference` server.
///
/// The server listens at once and loads the model in the background, answering 503 until it is ready;
/// a model that fails to load ends the process with status 1. SIGINT/SIGTERM drain it: requests in
/// flight (their streamed replies included) finish within `--drain-limit`.
struct InferenceServeCommand: ConfigurableServe {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve /api/v1/health and /api/v1/inference with a speech-enhancer model folder."
    )

    @Option(help: "Model folder holding config.yaml and model.safetensors.")
    var model: String

    @Option(help: "Interface to bind (0.0.0.0 inside a container).")
    var host: String = "0.0.0.0"

    @Option(help: "Port to bind (0 picks a free one).")
    var port: Int = 8000

    @Option(help: "Requests processed at the same time.")
    var concurrency: Int = 2

    @Option(help: "Requests allowed to wait; more are refused with 503 queue_full.")
    var queue: Int = 16

    @Option(help: "Longest accepted audio in seconds.")
    var maxSeconds: Double = 60

    @Option(help: "Where the model runs: auto (CUDA when a usable device exists, else the CPU), cpu, or cuda (refused at start without a usable device).")
    var device: TensorDevice = .auto

    @Flag(help: "Fill each reply's `text` with the words of the enhanced audio (CMU PocketSphinx, US English; Debian: libpocketsphinx3 pocketsphinx-en-us).")
    var transcribe = false

    @Option(help: "PocketSphinx model folder for --transcribe (en-us/, en-us.lm.bin, cmudict-en-us.dict).")
    var transcriberModel: String = PocketSphinxTranscriber.defaultModelDirectory.path

    @OptionGroup
    var shared: ServeOptions

    static let path = ["inference", "serve"]

    var effectiveSettings: [(name: String, value: String)] {
        [("model", model), ("host", host), ("port", "\(port)"), ("concurrency", "\(concurrency)"), ("queue", "\(queue)"),
         ("max-seconds", "\(maxSeconds)"), ("device", device.rawValue), ("transcribe", "\(transcribe)"), ("transcriber-model", transcriberModel)]
            + shared.effectiveSettings
    }

    func run() async throws {
        let limits = AudioLimits(maxSeconds: maxSeconds)
        // Before listening, so `--device cuda` without a usable device ends the command at once (status 1).
        let gpu = CUDABackend.probe()
        say("tensor device: \(try device.resolved(gpu).rawValue)" + (gpu.isAvailable ? "" : " (no GPU: \(gpu.reason))"))
        shared.metrics.bootstrap()
        let logger = shared.logging.bootstrap(label: "minerkit.inference")
        // Loaded before listening, so a missing recogniser ends the command at once (status 1).
        let transcriber = try transcribe ? PocketSphinxTranscriber(modelDirectory: URL(fileURLWithPath: transcriberModel)) : nil
        if transcribe { say("transcribing with PocketSphinx (\(transcriberModel))") }
        let service = InferenceService(configuration: .init(maxConcurrent: concurrency, queueCapacity: queue, limits: limits,
                                                            device: device),
                                       transcriber: transcriber, observer: ServiceMetrics())
        let router = APIRouter(maxBodyBytes: InferenceRoutes.maxBodyBytes(for: limits), groups: [InferenceRoutes(service: service)])
        let host = self.host
        let app = APIServer.application(router: router, configuration: .init(host: host, port: port, serverName: "MinerKit-Inference",
                                                                     limits: shared.limits.limits),
                                        logger: logger,
                                        onRunning: { say("listening on \(host):\($0)") })
        let directory = URL(fileURLWithPath: model)
        // Loads while the server already answers 503 `loading`; a model that fails to load stops the
        // server and ends the command with that error (status 1).
        let loader = ServiceGroupConfiguration.ServiceConfiguration(
            service: ModelLoadService(service: service, directory: directory),
            successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup)
        try await APIServer.serve(app, inFlight: router.inFlight, drainLimit: shared.limits.drainLimit, services: [loader])
    }
}

extension TensorDevice: ExpressibleByArgument {}
