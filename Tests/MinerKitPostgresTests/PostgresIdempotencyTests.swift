import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Testing

/// `Idempotency-Key` across two coordinator nodes on one PostgreSQL database: retries of one submit
/// sent to both nodes at once make one job (the primary key decides, not a read before the insert).
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresIdempotencyTests {
    @Test func retriesOnTwoNodesMakeOneJobAndAnotherBodyIsRefused() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let keys = Ed25519KeyPair.generate()
            let configuration = CoordinatorConfiguration(rateLimits: .off)
            let nodes = [
                Coordinator(store: PostgresStore(database: first), keyPair: keys, configuration: configuration),
                Coordinator(store: PostgresStore(database: second), keyPair: keys, configuration: configuration),
            ]
            let (_, apiKey) = try await nodes[0].createClientKey(name: "client")
            let credentials = ClientCredentials(apiKey: apiKey.text)
            let submission = JobSubmission(client: "", model: "echo", input: "exactly once")

            for round in 0..<5 {
                let key = try IdempotencyKey("retry-\(round)")
                // The first try's reply is "lost"; the client then retries on both nodes at once.
                let submitted = try await withThrowingTaskGroup(of: SubmittedJob.self) { group in
                    for i in 0..<8 {
                        group.addTask {
                            try await nodes[i % 2].submitJob(submission, credentials: credentials, idempotencyKey: key)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(Set(submitted.map(\.job.id)).count == 1, "round \(round): \(Set(submitted.map(\.job.id)))")
                #expect(submitted.filter { !$0.replayed }.count == 1)
                let count = try await nodes[1].store.read { try await $0.jobCount(state: nil) }
                #expect(count == round + 1)
            }

            var changed = submission
            changed.input = "something else"
            do {
                _ = try await nodes[1].submitJob(changed, credentials: credentials, idempotencyKey: try IdempotencyKey("retry-0"))
                Issue.record("a key reused with another submission made a job")
            } catch let error as MinerKitError {
                #expect(error.kind == .validation && error.code == "idempotency_key_reused")
            }
            #expect(try await nodes[0].store.read { try await $0.jobCount(state: nil) } == 5)
        }
    }
}
