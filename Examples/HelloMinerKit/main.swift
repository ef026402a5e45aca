// HelloMinerKit: the smallest program that uses MinerKit as a library.
//
//   swift run HelloMinerKit
//
// It submits a job to an in-memory queue, leases it as a miner, completes it, and shows that a
// second completion is refused.
import MinerKit

let queue = JobQueue(store: InMemoryStore())
let job = try await queue.submit(JobSubmission(client: "alice", model: "echo", input: "hello, miners"))
print("submitted \(job.id) (\(job.state.apiName))")

guard let leased = try await queue.leaseNext(minerID: "miner-1", models: ["echo"]), let lease = leased.lease else {
    fatalError("the job we just submitted should be leasable")
}
print("miner-1 leased it with fencing token \(lease.token) until \(lease.deadline)")

let done = try await queue.complete(jobID: leased.id, minerID: "miner-1", token: lease.token, result: "HELLO, MINERS")
print("completed: \(done.result ?? "") (\(done.resultHash ?? ""))")

do {
    try await queue.complete(jobID: leased.id, minerID: "miner-1", token: lease.token, result: "again")
} catch let error as MinerKitError {
    print("a second completion is refused: \(error.code)")
}
