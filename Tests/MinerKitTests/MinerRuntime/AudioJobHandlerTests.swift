import Foundation
@testable import MinerKit
import MinerKitTesting
import Testing

@Suite("Audio job handler")
struct AudioJobHandlerTests {
    /// A noisy 440 Hz tone: one second at 16 kHz, as a float32 `.npy`.
    static func noisyTone() -> (clean: [Float], noisy: [Float]) {
        var random = SystemRandomNumberGenerator()
        let clean = (0..<16_000).map { Float(0.3 * sin(2 * Double.pi * 440 * Double($0) / 16_000)) }
        let noisy = clean.map { $0 + Float.random(in: -0.1...0.1, using: &random) }
        return (clean, noisy)
    }

    static func job(payload: JSONValue) -> Job {
        Job(client: "c", model: AudioJobHandler.model, input: "", params: .object(["payload": payload]), createdAt: Date())
    }

    @Test("an audio job's result is the inference reply: same length, with metrics")
    func enhancesAudio() async throws {
        let handler = try AudioJobHandler(modelDirectory: AudioFixtures.modelDirectory)
        let (_, noisy) = Self.noisyTone()
        let npy = NpyCodec.encode([noisy], layout: .vector).base64EncodedString()
        let output = try await handler.run(Self.job(payload: ["audio_data": .string(npy), "sample_rate": 16_000]))
        let reply = try #require(JSONValue(jsonString: output.result))
        let decoded = try AudioPayload.decode(base64: try #require(reply["audio_data"]?.stringValue), maxBytes: 1 << 24)
        #expect(decoded.frameCount == noisy.count)
        #expect(reply["text"] == nil)
        #expect(output.metrics?["audio_seconds"]?.doubleValue == 1.0)
        #expect((output.metrics?["execution_time_seconds"]?.doubleValue ?? -1) >= 0)
    }

    @Test("a job without {audio_data, sample_rate} or with bad audio is refused as invalid input",
          arguments: [JSONValue.object([:]), ["audio_data": "not base64!", "sample_rate": 16_000],
                      ["audio_data": "AAAA", "sample_rate": 16_000.5]])
    func refusesBadPayloads(payload: JSONValue) async throws {
        let handler = try AudioJobHandler(modelDirectory: AudioFixtures.modelDirectory)
        await expectError(.invalidInput, payload["sample_rate"]?.doubleValue == 16_000 ? "invalid_base64" : "invalid_audio_job") {
            _ = try await handler.run(Self.job(payload: payload))
        }
    }

    @Test("in a cluster, a bad audio job fails for good with its reason and good ones complete")
    func clusterAudioJobs() async throws {
        // One thread per miner, so the bad job never waits behind the good one. A quarter of a second of
        // audio: the inference threads run at nice 10, so in a process running the whole suite they get
        // what the other tests leave of two cores.
        let handler = try AudioJobHandler(modelDirectory: AudioFixtures.modelDirectory, threads: 2)
        let cluster = try LocalCluster()
        cluster.startMiners(2, handlers: HandlerRegistry([AudioJobHandler.model: handler]))
        let key = ClientCredentials(apiKey: try await cluster.clientKey().text)
        let npy = NpyCodec.encode([Array(Self.noisyTone().noisy.prefix(4_000))], layout: .vector).base64EncodedString()
        let good = try await cluster.coordinator.submitJob(
            JobSubmission(client: "", model: AudioJobHandler.model, input: "",
                          params: ["payload": ["audio_data": .string(npy), "sample_rate": 16_000]]), credentials: key)
        let bad = try await cluster.coordinator.submitJob(
            JobSubmission(client: "", model: AudioJobHandler.model, input: "", params: ["payload": ["sample_rate": 16_000]]),
            credentials: key)
        let jobs = try await cluster.run { try await cluster.waitUntilFinal([good.id, bad.id], timeout: .seconds(120)) }
        #expect(jobs[0].state == .completed)
        #expect(jobs[1].state == .failed)
        #expect(jobs[1].failureReason?.contains("invalid_audio_job") == true)
    }
}
