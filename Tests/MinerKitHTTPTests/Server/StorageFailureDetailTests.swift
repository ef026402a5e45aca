import Foundation
import Logging
import MinerKit
import MinerKitHTTP
import Testing

/// A storage failure is answered with its code and a plain sentence; the full message (the file's
/// path, SQLite's own words) goes to the log, with the request id, and never to the client.
@Suite("Storage failures: logged in full, answered plainly")
struct StorageFailureDetailTests {
    @Test func aCorruptDatabaseAnswers500WithoutPathOrSQLiteMessageAndTheLogHasThem() async throws {
        let path = temporaryPath("corrupt.sqlite")
        // A fresh database's size: the schema's pages. Jobs added later live in pages past it.
        try Self.withStore(path) { _ in }
        let schemaSize = try Self.size(path)
        var lastJob = ""
        try await Self.withStoreAsync(path) { store in
            let queue = JobQueue(store: store)
            let input = String(repeating: "pages past the schema ", count: 200)
            for _ in 0..<200 {
                lastJob = try await queue.submit(JobSubmission(client: "c", model: "echo", input: input)).id
            }
        }
        let fullSize = try Self.size(path)
        try #require(fullSize > schemaSize + 100_000, "the jobs did not reach the main file (\(schemaSize) -> \(fullSize))")

        let captured = CapturedLines()
        let reply = try await LiveCoordinator.serving(store: try SQLiteStore(path: path), logger: captured.logger()) { live in
            // Losing the jobs' pages (a torn copy, a bad disk) leaves their tree pointing at nothing. The
            // client key made at start lives in the WAL, which stays whole.
            let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try file.truncate(atOffset: UInt64(schemaSize))
            try file.close()
            return try await live.send(.GET, "/v1/jobs/\(lastJob)", headers: live.client)
        }
        let detail = reply.json["detail"]?.stringValue ?? ""
        #expect(reply.status == 500)
        #expect(reply.errorCode == "database_corrupt")
        #expect(!detail.isEmpty)
        #expect(!detail.contains("/"), "a path in \(detail)")
        #expect(!detail.contains("malformed"), "SQLite's message in \(detail)")
        let logged = captured.all.filter { $0.contains("error request failed") }
        #expect(logged.count == 1)
        #expect(logged.first.map { $0.contains(path) && $0.contains("malformed") && $0.contains("hb.request.id=") } == true,
                "\(logged)")
    }

    private static func size(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }

    /// Opens a store on `path` for `body` and lets it go (closing its connections: the last one to close
    /// checkpoints the WAL into the main file and removes it).
    private static func withStore(_ path: String, _ body: (SQLiteStore) throws -> Void) throws {
        try body(try SQLiteStore(path: path))
    }

    private static func withStoreAsync(_ path: String, _ body: (SQLiteStore) async throws -> Void) async throws {
        try await body(try SQLiteStore(path: path))
    }
}
