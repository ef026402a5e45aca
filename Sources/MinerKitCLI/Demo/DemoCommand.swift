import ArgumentParser
import Foundation
import Logging
import MinerKit
import MinerKitHTTP

/// `minerkit demo`: the whole marketplace on one machine. A coordinator on a fresh SQLite file serves
/// HTTP on 127.0.0.1, an audio miner registers and works, a client submits noisy speech, and the demo
/// prints progress, the signed receipts and their verification, and the SI-SDR before and after.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run coordinator, miner and client on this machine with real audio jobs; print what happens.")

    @Option(help: "SQLite file for the coordinator (default: a fresh file in the temporary directory).")
    var db: String?

    @Option(help: "Model folder of the speech enhancer.")
    var model: String = "Models/speech-enhancer"

    @Option(help: "Signal-to-noise ratio of the noisy speech, in dB.")
    var snr: Double = 5

    @Flag(help: "Keep the coordinator, its console and the miner serving after the run, until Ctrl-C.")
    var stay = false

    static let sentences: [(text: String, voice: String)] = [
        ("Miners lease jobs and the coordinator signs a receipt for every result.", "en-us"),
        ("The quick brown fox jumps over the lazy dog near the river bank.", "en+f3"),
        ("Every receipt is sealed into a block with a Merkle root.", "en-gb+m3"),
        ("Clear speech survives the noise when the model removes the hum.", "en+f2"),
    ]

    func run() async throws {
        let started = ContinuousClock.now
        let path = db ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("minerkit-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        var quiet = Logger(label: "minerkit.demo")
        quiet.logLevel = .warning

        // 1. The coordinator, on the embedded SQLite default, over real HTTP.
        let coordinator = Coordinator(store: try SQLiteStore(path: path), keyPair: .generate(),
                                      configuration: CoordinatorConfiguration(blockSize: 4, blockInterval: 2))
        let server = try await APIServer.start(router: CoordinatorAPI.routerWithConsole(coordinator: coordinator), logger: quiet)
        let maintenance = Task { await coordinator.runMaintenance(every: .milliseconds(250)) }
        defer { maintenance.cancel() }
        let (_, key) = try await coordinator.createClientKey(name: "demo-client")
        let client = CoordinatorClient(baseURL: server.baseURL, apiKey: key.text)
        print("coordinator  \(server.baseURL)  (SQLite WAL at \(path))")
        print("console      \(server.baseURL)/ui")

        // 2. An audio miner: registers over HTTP, then leases, enhances and submits.
        let handler = try AudioJobHandler(modelDirectory: URL(fileURLWithPath: model), threads: 2)
        let runtime = MinerRuntime(
            transport: HTTPMinerTransport(coordinatorURL: server.baseURL),
            handlers: HandlerRegistry([AudioJobHandler.model: handler]),
            configuration: MinerRuntimeConfiguration(name: "demo-miner", maxConcurrent: 2, heartbeatInterval: 2, pollWait: 2),
            onEvent: { event in
                switch event {
                case .registered(let id): print("miner        registered as \(id)")
                case .leased(let job, let token): print("miner        leased \(job) (fencing token \(token))")
                case .completed(let job, let receipt): print("miner        completed \(job) -> \(receipt)")
                case .refused(let job, let code, _), .failed(let job, let code, _): print("miner        \(job): \(code)")
                default: break
                }
            })
        let mining = Task { try await runtime.run() }

        // 3. The client: noisy speech in, enhanced speech out.
        var clips: [(NoisySpeech.Clip, String)] = []
        for (index, sentence) in Self.sentences.enumerated() {
            let (clean, rate) = try NoisySpeech.speak(sentence.text, voice: sentence.voice)
            let noisy = NoisySpeech.addNoise(to: clean, sampleRate: rate, snr: snr, seed: UInt64(index + 1))
            let clip = NoisySpeech.Clip(text: sentence.text, voice: sentence.voice, sampleRate: rate, clean: clean, noisy: noisy)
            let payload: [String: JSONValue] = [
                "audio_data": .string(NpyCodec.encode([noisy], layout: .vector).base64EncodedString()),
                "sample_rate": .number(Double(rate)),
            ]
            let id = try await client.submit(JobRequestBody(model: AudioJobHandler.model, payload: payload, price: 0.01)).jobID
            print(String(format: "client       submitted %@: %.1f s of \"%@\" (%@, %d Hz, %.0f dB SNR)",
                         id, Double(clean.count) / Double(rate), sentence.text.prefix(28) + "...", sentence.voice, rate, snr))
            clips.append((clip, id))
        }

        // 4. Wait for the results, then check every receipt against the coordinator's published key.
        let signingKey = try await client.signingKey()
        print("client       pinned receipt key \(signingKey.keyID)")
        var before: [Double] = [], after: [Double] = []
        for (clip, id) in clips {
            let job = try await Self.waitForCompletion(id, client: client)
            let reply = try Self.resultAudio(job)
            let receiptID = try await coordinator.store.read { try await $0.receipt(jobID: id)?.receipt.receiptID } ?? ""
            let receipt = try await client.receipt(id: receiptID)
            let sdrBefore = SISDR.decibels(estimate: clip.noisy, reference: clip.clean) ?? .nan
            let sdrAfter = SISDR.decibels(estimate: reply, reference: clip.clean) ?? .nan
            before.append(sdrBefore)
            after.append(sdrAfter)
            print(String(format: "result       %@ by %@: SI-SDR %5.1f dB -> %5.1f dB (%+.1f dB); receipt %@ signature %@",
                         id, receipt.provider, sdrBefore, sdrAfter, sdrAfter - sdrBefore, receipt.receiptID,
                         receipt.verify(with: signingKey) ? "valid" : "INVALID"))
        }

        // 5. The explorer seals the receipts into a block; each receipt's inclusion proof checks out.
        _ = try await coordinator.sealPendingReceipts()
        var proven = 0
        for (_, id) in clips {
            let receiptID = try await coordinator.store.read { try await $0.receipt(jobID: id)?.receipt.receiptID } ?? ""
            let proof = try await client.proof(receiptID: receiptID)
            let block = try await client.block(height: proof.blockHeight)
            if proof.verify(receipt: try await client.receipt(id: receiptID), block: block) { proven += 1 }
        }
        print("explorer     \(proven) of \(clips.count) receipts proven included in sealed blocks")

        let meanBefore = before.reduce(0, +) / Double(before.count), meanAfter = after.reduce(0, +) / Double(after.count)
        print(String(format: "summary      %d jobs, mean SI-SDR %.1f dB -> %.1f dB (%+.1f dB), %.1f s in all",
                     clips.count, meanBefore, meanAfter, meanAfter - meanBefore, (ContinuousClock.now - started).timeInterval))
        if stay {
            // The demo client's key, for the console's job pages: in a private file, never on the screen.
            let keyPath = path + ".client-key"
            try? FileManager.default.removeItem(atPath: keyPath)
            try PrivateFile.create(keyPath, contents: Array((key.text + "\n").utf8))
            print("console      \(server.baseURL)/ui  (your jobs: enter the client key in \(keyPath))")
            print("console      serving until Ctrl-C")
            fflush(nil)  // every stream: the lines above are seen at once even when stdout is a pipe or a file
            await Interrupt.wait()
        }
        runtime.shutdown()
        try await mining.value
        await server.stop()
    }

    /// Polls the job until it is final (at most 60 s); throws unless it completed.
    static func waitForCompletion(_ id: String, client: CoordinatorClient) async throws -> JobBody {
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ContinuousClock.now < deadline {
            let job = try await client.job(id: id)
            switch JobState(apiName: job.status) {
            case .completed: return job
            case .failed, .cancelled:
                throw MinerKitError(.internal, code: "demo_job_failed", "job \(id) ended \(job.status)")
            default: try await Task.sleep(for: .milliseconds(50))
            }
        }
        throw MinerKitError(.unavailable, code: "demo_timeout", "job \(id) did not complete within 60 s")
    }

    /// The enhanced samples in a completed audio job's result.
    static func resultAudio(_ job: JobBody) throws -> [Float] {
        guard let result = job.result, let reply = JSONValue(jsonString: result),
              let audio = reply["audio_data"]?.stringValue else {
            throw MinerKitError(.internal, code: "demo_bad_result", "the job's result is not an inference reply")
        }
        return try AudioPayload.decode(base64: audio, maxBytes: 64 << 20).mixedToMono()
    }
}
