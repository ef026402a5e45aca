import Foundation
import Testing
@testable import MinerKit

@Suite("SQLite files")
struct SQLiteFileTests {
    @Test("data survives closing and reopening the file")
    func reopen() async throws {
        let path = TemporaryPath.make("reopen.sqlite")
        let id: String
        do {
            let q = JobQueue(store: try SQLiteStore(path: path))
            id = try await q.submit(JobSubmission(client: "c", model: "echo", input: "persist me")).id
        }
        let q = JobQueue(store: try SQLiteStore(path: path))
        #expect(try await q.job(id: id).input == "persist me")
    }

    @Test("a file that is not a database is refused with a clear error")
    func garbage() throws {
        let path = TemporaryPath.make("garbage.sqlite")
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        expectError(.storage, "not_a_database") { _ = try SQLiteStore(path: path) }
    }

    @Test("a truncated MinerKit database is refused, not crashed on")
    func truncated() async throws {
        let path = TemporaryPath.make("truncated.sqlite")
        do {
            let q = JobQueue(store: try SQLiteStore(path: path))
            for i in 0..<200 { _ = try await q.submit(JobSubmission(client: "c", model: "echo", input: "\(i)")) }
        }
        // Checkpoint the WAL into the main file, then cut the file in half and drop the WAL.
        let wal = path + "-wal"
        try? FileManager.default.removeItem(atPath: wal)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 2 + 100).write(to: URL(fileURLWithPath: path))
        var refusal: MinerKitError?
        do {
            let q = JobQueue(store: try SQLiteStore(path: path))
            _ = try await q.list(JobQuery(limit: 1000))
        } catch let error as MinerKitError {
            refusal = error
        }
        #expect(refusal?.kind == .storage, "reading a half file must fail with a storage error")
    }

    @Test("another application's SQLite database is refused")
    func foreignDatabase() throws {
        let path = TemporaryPath.make("foreign.sqlite")
        let connection = try SQLiteConnection(path: path, readOnly: false)
        try connection.execute("CREATE TABLE notes (body TEXT)")
        expectError(.storage, "not_a_minerkit_database") { _ = try SQLiteStore(path: path) }
    }

    @Test("a database written by a newer MinerKit is refused")
    func newerSchema() throws {
        let path = TemporaryPath.make("newer.sqlite")
        _ = try SQLiteStore(path: path)
        let connection = try SQLiteConnection(path: path, readOnly: false)
        try connection.execute("INSERT INTO minerkit_migrations VALUES ('from-the-future', 0)")
        expectError(.storage, "database_too_new") { _ = try SQLiteStore(path: path) }
    }
}
