import Foundation
import MinerKit

extension PoolStoreConformance {
    static let minerChecks: [Check] = [
        check("the leaderboard is by reputation, ties by earliest registered, then by hotkey") { store, expect in
            // Saved out of order; hotkeys sort against registration so only the documented tie-break passes.
            let miners = [miner("m-a", reputation: 1, registered: 2), miner("m-low", reputation: -1, registered: 0),
                          miner("m-top", reputation: 2, registered: 9), miner("m-c", reputation: 1, registered: 1),
                          miner("m-b", reputation: 1, registered: 2)]
            try await store.write { db in for miner in miners { try await db.save(miner) } }
            try await store.read { db in
                try expect.equal(try await db.minersByReputation(limit: 10).map(\.hotkey),
                                 ["m-top", "m-c", "m-a", "m-b", "m-low"], "leaderboard")
                try expect.equal(try await db.minersByReputation(limit: 2).map(\.hotkey), ["m-top", "m-c"], "limited")
            }
        },
    ]
}
