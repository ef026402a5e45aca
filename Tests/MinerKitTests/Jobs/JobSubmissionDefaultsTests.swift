import Foundation
import MinerKit
import Testing

/// The defaults of a submission live in the core: a library caller and an HTTP caller get the same job.
@Suite struct JobSubmissionDefaultsTests {
    @Test func aPromptJobGetsTheDefaultModelAndSamplingParamsUnderItsOwn() {
        let plain = JobSubmission.prompt("hello")
        #expect(plain.model == JobSubmission.defaultModel && plain.input == "hello")
        #expect(plain.params == .object(JobSubmission.defaultSamplingParams))
        let tuned = JobSubmission.prompt("hello", model: "echo", params: ["top_p": 0.5], requirements: ["gpu_count": 2],
                                         price: 0.1, priority: 3)
        #expect(tuned.model == "echo" && tuned.price == 0.1 && tuned.priority == 3)
        #expect(tuned.params == ["max_tokens": 256, "temperature": 0.7, "top_p": 0.5, "gpu_count": 2])
    }

    @Test func aPayloadJobKeepsItsPayloadUnderParamsPayload() {
        let job = JobSubmission.payload(["model": "whisper", "prompt": "p", "audio_data": "AAAA"], requirements: ["gpu_type": "a100"])
        #expect(job.model == "whisper" && job.input == "p")
        #expect(job.params == ["gpu_type": "a100", "payload": ["model": "whisper", "prompt": "p", "audio_data": "AAAA"]])
        let named = JobSubmission.payload(["x": 1], prompt: "q", model: "m")
        #expect(named.model == "m" && named.input == "q")
        #expect(JobSubmission.payload(["x": 1]).model == JobSubmission.defaultModel)
        let stored = Job(client: "c", model: named.model, input: named.input, params: named.params, createdAt: Date())
        #expect(stored.payload == ["x": 1])
        #expect(Job(client: "c", model: "m", input: "i", createdAt: Date()).payload == nil)
    }
}
