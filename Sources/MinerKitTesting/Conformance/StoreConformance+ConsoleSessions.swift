import Foundation
import MinerKit

extension StoreConformance {
    static func consoleSession(_ hash: String, expiresAt seconds: Double) -> ConsoleSessionRecord {
        ConsoleSessionRecord(sessionHash: hash, clientKeyHash: "key-of-\(hash)", createdAt: Date(timeIntervalSince1970: 1_000),
                             expiresAt: Date(timeIntervalSince1970: seconds))
    }

    static let consoleSessionChecks: [Check] = [
        check("a console session is stored, read back by its hash and deleted") { store, expect in
            let session = consoleSession("s1", expiresAt: 50_000.25)
            try await store.write { db in try await db.insert(session) }
            try expect.equal(try await store.read { try await $0.consoleSession(hash: "s1") }, Optional(session), "read back exactly")
            try expect.equal(try await store.read { try await $0.consoleSession(hash: "s2") }, nil, "an unknown hash")
            let deleted = try await store.write { db in
                (try await db.deleteConsoleSession(hash: "s1"), try await db.deleteConsoleSession(hash: "s1"))
            }
            try expect.equal(deleted.0, true, "deleted")
            try expect.equal(deleted.1, false, "already gone")
            try expect.equal(try await store.read { try await $0.consoleSession(hash: "s1") }, nil, "gone")
        },
        check("sessions expired before the cutoff are deleted, at most the limit at a time") { store, expect in
            try await store.write { db in
                for (i, seconds) in [100.0, 200.0, 300.0].enumerated() { try await db.insert(consoleSession("s\(i)", expiresAt: seconds)) }
            }
            let cutoff = Date(timeIntervalSince1970: 250)
            try expect.equal(try await store.write { try await $0.deleteConsoleSessions(expiredBefore: cutoff, limit: 1) }, 1, "the limit")
            try expect.equal(try await store.write { try await $0.deleteConsoleSessions(expiredBefore: cutoff, limit: 10) }, 1, "the rest")
            try expect.equal(try await store.read { try await $0.consoleSession(hash: "s2") }?.sessionHash, "s2", "a live session stays")
        },
    ]
}
