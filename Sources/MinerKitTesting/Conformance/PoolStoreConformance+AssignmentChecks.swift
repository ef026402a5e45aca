import Foundation
import MinerKit

extension PoolStoreConformance {
    static let assignmentChecks: [Check] = [
        check("a miner's active assignment is found, live or overdue; finished ones are not") { store, expect in
            let overdue = assignment("lease_overdue", miner: "m-1", deadline: 10)
            try await store.write { db in
                try await db.save(assignment("lease_done", miner: "m-1", deadline: 5, status: .completed))
                try await db.save(assignment("batch_lapsed", miner: "m-1", kind: .evolveBatch, deadline: 6, status: .expired))
                try await db.save(overdue)
                try await db.save(assignment("lease_other", miner: "m-2", deadline: 20, status: .completed))
            }
            try await store.read { db in
                try expect.equal(try await db.activeAssignment(miner: "m-1"), overdue, "active assignment")
                try expect.that(try await db.activeAssignment(miner: "m-2") == nil, "a miner with none active")
            }
        },
        check("overdue assignments: active ones due at or before the date, earliest first, ties by id") { store, expect in
            try await store.write { db in
                for record in [assignment("lease_b", miner: "m-1", deadline: 10), assignment("lease_late", miner: "m-2", deadline: 11),
                               assignment("lease_a", miner: "m-3", deadline: 10), assignment("lease_first", miner: "m-4", deadline: 5),
                               assignment("lease_done", miner: "m-5", deadline: 1, status: .completed),
                               assignment("batch_lapsed", miner: "m-6", kind: .evaluateBatch, deadline: 2, status: .expired)] {
                    try await db.save(record)
                }
            }
            try await store.read { db in
                try expect.equal(try await db.overdueAssignments(at: at(10), limit: 10).map(\.id),
                                 ["lease_first", "lease_a", "lease_b"], "due at or before the date")
                try expect.equal(try await db.overdueAssignments(at: at(10), limit: 2).map(\.id),
                                 ["lease_first", "lease_a"], "limited")
                try expect.equal(try await db.overdueAssignments(at: at(4.5), limit: 10).map(\.id), [], "none due yet")
            }
        },
        check("the lease count is per miner and window, leases of any status, never batches") { store, expect in
            try await store.write { db in
                try await db.save(assignment("lease_1", miner: "m-1", window: 5, status: .completed))
                try await db.save(assignment("lease_2", miner: "m-1", window: 5, status: .expired))
                try await db.save(assignment("lease_3", miner: "m-1", window: 5))
                try await db.save(assignment("batch_1", miner: "m-1", kind: .evolveBatch, window: 5, status: .completed))
                try await db.save(assignment("batch_2", miner: "m-1", kind: .evaluateBatch, window: 5, status: .completed))
                try await db.save(assignment("lease_4", miner: "m-1", window: 6))
                try await db.save(assignment("lease_5", miner: "m-2", window: 5))
            }
            try await store.read { db in
                try expect.equal(try await db.leaseCount(miner: "m-1", window: 5), 3, "leases in window 5")
                try expect.equal(try await db.leaseCount(miner: "m-1", window: 6), 1, "leases in window 6")
                try expect.equal(try await db.leaseCount(miner: "m-1", window: 7), 0, "leases in window 7")
                try expect.equal(try await db.leaseCount(miner: "m-2", window: 5), 1, "another miner's")
            }
        },
    ]
}
