import Foundation
import MinerKit

extension StoreConformance {
    static let concurrencyChecks: [Check] = [
        check("concurrent claimers: each job leased once and completed once") { store, expect in
            let q = queue(store, policy: LeasePolicy(leaseDuration: 3600))
            let total = 1_200
            try await store.write { db in
                for i in 0..<total {
                    try await db.insert(Job(id: String(format: "job_%06d", i), client: "c", model: "echo", input: "\(i)",
                                            createdAt: Date(timeIntervalSince1970: Double(i))))
                }
            }
            // Each miner reports the jobs it was granted; a job granted twice would appear twice.
            let grants = try await withThrowingTaskGroup(of: [String].self) { group in
                for m in 0..<8 {
                    group.addTask {
                        var mine: [String] = []
                        while let job = try await q.leaseNext(minerID: "miner-\(m)", models: ["echo"]), mine.count <= total {
                            mine.append(job.id)
                            try await q.complete(jobID: job.id, minerID: "miner-\(m)", token: job.lease!.token, result: job.input)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            try expect.equal(grants.count, total, "grants")
            try expect.equal(Set(grants).count, total, "distinct grants (a job leased twice?)")
            try expect.equal(try await store.read { try await $0.jobCount(state: .completed) }, total, "completed")
            let sample = try await q.job(id: "job_000042")
            try await expect.error(.conflict, "job_not_leased") {
                try await q.complete(jobID: sample.id, minerID: sample.minerID!, token: sample.lease!.token, result: "again")
            }
            try expect.equal(try await q.job(id: sample.id).result, "42", "first result kept")
        },
        check("concurrent completions of one lease: exactly one wins") { store, expect in
            let q = queue(store, policy: LeasePolicy(leaseDuration: 3600))
            _ = try await q.submit(submission())
            guard let job = try await q.leaseNext(minerID: "m", models: nil), let token = job.lease?.token else {
                return try expect.that(false, "no lease")
            }
            let wins = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask { (try? await q.complete(jobID: job.id, minerID: "m", token: token, result: "r\(i)")) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            try expect.equal(wins, 1, "successful completions")
        },
        check("concurrent completions and sealing: one hash chain, every receipt proven once") { store, expect in
            let ledger = try await LedgerFixture(store, blockSize: 4)
            let receipts = try await withThrowingTaskGroup(of: [Receipt].self) { group in
                for _ in 0..<4 { group.addTask { try await ledger.complete(10) } }
                group.addTask {
                    for _ in 0..<10 { _ = try await ledger.coordinator.sealPendingReceipts() }
                    return []
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            _ = try await ledger.coordinator.sealPendingReceipts()
            try expect.equal(receipts.count, 40, "receipts")
            try await ledger.expectOneValidChain(of: receipts, expect)
        },
    ]
}
