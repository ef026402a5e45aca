import Foundation
import Testing
@testable import MinerKit

@Suite("Job lifecycle")
struct JobLifecycleTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    private func job(in state: JobState) throws -> Job {
        var job = Job(client: "c", model: "m", input: "x", createdAt: now)
        switch state {
        case .queued: break
        case .leased: try JobLifecycle.lease(&job, to: "m1", at: now, duration: 60)
        case .completed:
            try JobLifecycle.lease(&job, to: "m1", at: now, duration: 60)
            try JobLifecycle.complete(&job, by: "m1", token: 1, result: "r", resultHash: "h", metrics: nil, at: now)
        case .failed:
            try JobLifecycle.lease(&job, to: "m1", at: now, duration: 60)
            try JobLifecycle.fail(&job, by: "m1", token: 1, reason: "boom", retryable: false, maxAttempts: 3, at: now)
        case .cancelled: try JobLifecycle.cancel(&job, reason: nil, at: now)
        }
        return job
    }

    @Test("the transition table allows exactly the documented moves")
    func transitionTable() {
        let allowed: Set<String> = ["queued>leased", "leased>completed", "leased>failed", "leased>queued",
                                    "queued>cancelled", "leased>cancelled"]
        for from in JobState.allCases {
            for to in JobState.allCases {
                #expect(JobLifecycle.allows(from: from, to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"),
                        "\(from) -> \(to)")
            }
        }
    }

    @Test("leasing is refused unless the job is queued", arguments: JobState.allCases)
    func leaseOnlyFromQueued(state: JobState) throws {
        var j = try job(in: state)
        let before = j
        if state == .queued {
            try JobLifecycle.lease(&j, to: "m2", at: now, duration: 60)
            #expect(j.state == .leased)
        } else {
            #expect(throws: MinerKitError.self) { try JobLifecycle.lease(&j, to: "m2", at: now, duration: 60) }
            #expect(j == before)
        }
    }

    @Test("cancelling a final job is a conflict", arguments: [JobState.completed, .failed, .cancelled])
    func cancelFinal(state: JobState) throws {
        var j = try job(in: state)
        expectError(.conflict, "job_\(state.rawValue)") { try JobLifecycle.cancel(&j, reason: nil, at: now) }
    }

    @Test("queued and leased jobs can be cancelled", arguments: [JobState.queued, .leased])
    func cancelLive(state: JobState) throws {
        var j = try job(in: state)
        try JobLifecycle.cancel(&j, reason: "client changed mind", at: now)
        #expect(j.state == .cancelled)
        #expect(j.failureReason == "client changed mind")
    }

    @Test("completing, failing or releasing a job that is not leased is refused",
          arguments: [JobState.queued, .completed, .failed, .cancelled])
    func holderOperationsNeedALease(state: JobState) throws {
        var j = try job(in: state)
        expectError(.conflict, "job_not_leased") {
            try JobLifecycle.complete(&j, by: "m1", token: 1, result: "r", resultHash: "h", metrics: nil, at: now)
        }
        expectError(.conflict, "job_not_leased") {
            try JobLifecycle.fail(&j, by: "m1", token: 1, reason: "x", retryable: true, maxAttempts: 3, at: now)
        }
        expectError(.conflict, "job_not_leased") { try JobLifecycle.release(&j, by: "m1", token: 1, at: now) }
        expectError(.conflict, "job_not_leased") { try JobLifecycle.renew(&j, by: "m1", token: 1, at: now, duration: 9) }
    }

    @Test("fencing tokens only grow across leases")
    func tokensGrow() throws {
        var j = try job(in: .queued)
        var tokens: [Int64] = []
        for round in 0..<3 {
            let t = now.addingTimeInterval(Double(round) * 100)
            try JobLifecycle.lease(&j, to: "m\(round)", at: t, duration: 10)
            tokens.append(j.lease!.token)
            #expect(try JobLifecycle.expire(&j, maxAttempts: 10, at: t.addingTimeInterval(11)))
        }
        #expect(tokens == [1, 2, 3])
    }

    @Test("only the live holder with the current token may complete")
    func completionGuards() throws {
        var j = try job(in: .leased)
        let attempts: [(String, Int64, Date, String)] = [
            ("m2", 1, now, "lease_not_held"),
            ("m1", 0, now, "stale_lease_token"),
            ("m1", 1, now.addingTimeInterval(61), "lease_expired"),
        ]
        for (miner, token, at, code) in attempts {
            expectError(.conflict, code) {
                try JobLifecycle.complete(&j, by: miner, token: token, result: "r", resultHash: "h", metrics: nil, at: at)
            }
            #expect(j.state == .leased)
        }
        try JobLifecycle.complete(&j, by: "m1", token: 1, result: "r", resultHash: "h", metrics: nil, at: now)
        #expect(j.state == .completed)
        expectError(.conflict, "job_not_leased") {
            try JobLifecycle.complete(&j, by: "m1", token: 1, result: "r2", resultHash: "h", metrics: nil, at: now)
        }
        #expect(j.result == "r")
    }

    @Test("renewal extends the deadline of the live lease")
    func renewal() throws {
        var j = try job(in: .leased)
        try JobLifecycle.renew(&j, by: "m1", token: 1, at: now.addingTimeInterval(50), duration: 60)
        #expect(j.lease?.deadline == now.addingTimeInterval(110))
        #expect(!(try JobLifecycle.expire(&j, maxAttempts: 3, at: now.addingTimeInterval(100))))
    }

    @Test("a lapsed lease requeues until the attempt limit, then the job fails with its reason")
    func expiryDeadLetters() throws {
        var j = try job(in: .queued)
        var t = now
        for attempt in 1...3 {
            try JobLifecycle.lease(&j, to: "m1", at: t, duration: 10)
            #expect(!(try JobLifecycle.expire(&j, maxAttempts: 3, at: t.addingTimeInterval(5))), "not yet expired")
            t = t.addingTimeInterval(10)
            #expect(try JobLifecycle.expire(&j, maxAttempts: 3, at: t))
            #expect(j.attempts == attempt)
            #expect(j.state == (attempt < 3 ? .queued : .failed))
        }
        #expect(j.failureReason?.contains("attempt limit 3") == true)
    }

    @Test("a retryable failure requeues; a release does not count an attempt")
    func failAndRelease() throws {
        var j = try job(in: .leased)
        try JobLifecycle.fail(&j, by: "m1", token: 1, reason: "oom", retryable: true, maxAttempts: 3, at: now)
        #expect(j.state == .queued && j.attempts == 1)
        try JobLifecycle.lease(&j, to: "m2", at: now, duration: 60)
        try JobLifecycle.release(&j, by: "m2", token: 2, at: now)
        #expect(j.state == .queued && j.attempts == 1)
    }
}
