// MinerKitCrashProbe: used by the durability test, which kills it with SIGKILL mid-load.
//
//   MinerKitCrashProbe PATH
//
// Submits jobs to the SQLite store at PATH forever, completing every other one, and prints
// `submitted ID` / `completed ID` only after the transaction that made it durable has returned.
import Foundation
import MinerKit

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: MinerKitCrashProbe PATH\n".utf8))
    exit(2)
}
/// Writes one acknowledgement line straight to the pipe (no stdio buffer to lose).
func acknowledge(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let queue = JobQueue(store: try SQLiteStore(path: CommandLine.arguments[1]))
var n = 0
while true {
    let job = try await queue.submit(JobSubmission(client: "probe", model: "echo", input: "payload \(n)"))
    acknowledge("submitted \(job.id)")
    if n % 2 == 0, let leased = try await queue.leaseNext(minerID: "probe-miner", models: ["echo"]) {
        try await queue.complete(jobID: leased.id, minerID: "probe-miner", token: leased.lease!.token, result: "done")
        acknowledge("completed \(leased.id)")
    }
    n += 1
}
