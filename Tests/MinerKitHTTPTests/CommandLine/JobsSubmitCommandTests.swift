import Foundation
import MinerKit
import Testing

/// `minerkit jobs submit` sends an `Idempotency-Key`: a random one by default (printed), or the one given,
/// so running the same submit again with its key returns the first job.
@Suite struct JobsSubmitCommandTests {
    static func jobID(in output: String) -> String? {
        guard let match = output.firstMatch(of: /"job_id" : "([^"]+)"/) else { return nil }
        return String(match.1)
    }

    @Test func theSameKeyTwiceMakesOneJob() async throws {
        try await LiveCoordinator.serving { live in
            let submit = ["jobs", "submit", "--coordinator", live.server.baseURL, "--model", "echo", "--prompt", "hi"]
            let environment = ["MINERKIT_API_KEY": live.clientKey]
            let first = try await CommandLineBehaviourTests.minerkit(submit + ["--idempotency-key", "cli-1"], environment: environment)
            let again = try await CommandLineBehaviourTests.minerkit(submit + ["--idempotency-key", "cli-1"], environment: environment)
            #expect(first.status == 0 && again.status == 0, "\(first.output)\n\(again.output)")
            #expect(first.output.contains("idempotency key: cli-1"))
            let id = try #require(Self.jobID(in: first.output), "\(first.output)")
            #expect(Self.jobID(in: again.output) == id)

            let fresh = try await CommandLineBehaviourTests.minerkit(submit, environment: environment)
            #expect(fresh.status == 0, "\(fresh.output)")
            #expect(fresh.output.firstMatch(of: /idempotency key: [0-9a-f]{32}\n/) != nil, "\(fresh.output)")
            #expect(Self.jobID(in: fresh.output) != id)
            #expect(try await live.coordinator.store.read { try await $0.jobCount(state: nil) } == 2)

            let reused = try await CommandLineBehaviourTests.minerkit(
                ["jobs", "submit", "--coordinator", live.server.baseURL, "--model", "echo", "--prompt", "bye", "--idempotency-key", "cli-1"],
                environment: environment)
            #expect(reused.status != 0 && reused.output.contains("different request body"), "\(reused.output)")
        }
    }
}
