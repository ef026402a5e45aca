import Foundation
import MinerKit
import MinerKitTesting
import Synchronization
import Testing

/// A handler's failure fails its job for good unless the handler says it is worth another try.
@Suite("Handler verdicts")
struct JobFailureTests {
    private struct PlainError: Error {}

    @Test func theVerdictOnEachKindOfError() {
        #expect(JobFailure.verdict(on: PlainError()).retryable == false)
        #expect(JobFailure.verdict(on: JobFailure.permanent("bad input")) == .permanent("bad input"))
        #expect(JobFailure.verdict(on: JobFailure.retryable("out of memory")) == .retryable("out of memory"))
        #expect(JobFailure.verdict(on: MinerKitError(.unavailable, code: "gpu_busy", "busy")).retryable)
        #expect(JobFailure.verdict(on: MinerKitError(.storage, code: "disk", "full")).retryable == false)
    }

    @Test("through a runtime: plain and permanent failures fail the job on its first attempt; a retryable one is worked again",
          .timeLimit(.minutes(3)))
    func aRuntimeKeepsTheVerdict() async throws {
        let retried = Mutex(0)
        let handlers = HandlerRegistry([
            "plain": ClosureJobHandler { _ in throw PlainError() },
            "permanent": ClosureJobHandler { _ in throw JobFailure.permanent("the input is not audio") },
            "flaky": ClosureJobHandler { job in
                guard retried.withLock({ count in count += 1; return count }) > 1 else {
                    throw JobFailure.retryable("out of memory")
                }
                return JobOutput(result: "done:" + job.input)
            },
        ])
        let cluster = try LocalCluster()
        cluster.startClock()
        cluster.startMiners(1, handlers: handlers)
        try await cluster.run {
            let plain = try await cluster.submit(1, model: "plain")[0]
            let permanent = try await cluster.submit(1, model: "permanent")[0]
            let flaky = try await cluster.submit(1, model: "flaky")[0]
            let final = try await cluster.waitUntilFinal([plain.id, permanent.id, flaky.id], timeout: .seconds(120))
            #expect(final[0].state == .failed && final[0].attempts == 1 && final[0].lease?.token == 1, "\(final[0])")
            #expect(final[1].state == .failed && final[1].attempts == 1 && final[1].failureReason == "the input is not audio",
                    "\(final[1])")
            // One failed attempt, then a second lease (its fencing token) that completed.
            #expect(final[2].state == .completed && final[2].attempts == 1 && final[2].lease?.token == 2, "\(final[2])")
        }
    }
}
