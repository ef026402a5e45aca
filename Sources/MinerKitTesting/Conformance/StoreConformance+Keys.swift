import Foundation
import MinerKit
import Synchronization

extension StoreConformance {
    static let keyChecks: [Check] = [
        check("a key checked free under lockKeys() gets one owner: a client and a miner racing for it, one finds it taken") { store, expect in
            let hash = String(repeating: "cd", count: 32)
            let meeting = Meeting()
            // Each unit reads that nobody holds the key, then waits (up to 2 s) for the other to have read
            // too before storing it: without the lock both read "free" and both store it.
            func claim(_ store: any Store, _ take: @escaping @Sendable (any StoreWriter) async throws -> Void) async throws -> Bool {
                try await store.write { db in
                    try await db.lockKeys()
                    guard try await db.miners(apiKeyHash: hash, limit: 1).isEmpty,
                          try await db.clientKey(hash: hash) == nil else { return false }
                    await meeting.arriveAndWait(for: 2, atMost: .seconds(2))
                    try await take(db)
                    return true
                }
            }
            async let client = claim(store) { db in
                try await db.insert(ClientKeyRecord(id: "ck_race", name: "race", keyHash: hash, createdAt: Date()))
            }
            async let miner = claim(store) { db in
                try await db.save(Miner(id: "m_race", apiKeyHash: hash, registeredAt: Date()))
            }
            let owners = try await [client, miner].filter { $0 }.count
            try expect.equal(owners, 1, "owners of one key")
        },
    ]
}

/// Parties that each arrive and wait until `count` have arrived, or `atMost` has passed (a party that
/// cannot arrive, blocked by the lock under test, must not hold the others for ever).
private final class Meeting: Sendable {
    private let arrived = Atomic(0)

    func arriveAndWait(for count: Int, atMost limit: Duration) async {
        arrived.add(1, ordering: .sequentiallyConsistent)
        let deadline = ContinuousClock.now.advanced(by: limit)
        while arrived.load(ordering: .sequentiallyConsistent) < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
