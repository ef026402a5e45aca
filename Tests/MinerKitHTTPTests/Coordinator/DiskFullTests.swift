import Foundation
import MinerKit
import MinerKitHTTP
import MinerKitTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Whether this process may mount a tmpfs (root, with `mount`).
private let canMountTmpfs = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/bin/mount")

/// A coordinator whose SQLite file sits on a full disk (a 1 MiB tmpfs) answers 503 `database_full`
/// with `Retry-After`: the request was fine, the service cannot store anything until space is freed.
/// Mounting a tmpfs needs root (CI's containers run as root); elsewhere the test is skipped.
@Suite(.enabled(if: canMountTmpfs))
struct DiskFullTests {
    @Test("a full disk answers 503 database_full with Retry-After, never a 500")
    func fullDiskIsUnavailable() async throws {
        let folder = temporaryPath("full-disk")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", folder])
        do {
            try await Self.fillUp(path: folder + "/coordinator.sqlite")
        } catch {
            try? Self.run("/bin/umount", ["-l", folder])
            throw error
        }
        try Self.run("/bin/umount", ["-l", folder])
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Submits large jobs until one is refused; that refusal must be the disk-full answer.
    private static func fillUp(path: String) async throws {
        try await LiveCoordinator.serving(store: try SQLiteStore(path: path)) { live in
            let prompt = String(repeating: "a full disk is not the client's fault. ", count: 100)
            var refusal: LiveCoordinator.Reply?
            for _ in 0..<2_000 {
                let reply = try await live.send(.POST, "/v1/jobs", headers: live.client,
                                                json: ["prompt": .string(prompt), "model": "llama3.2"])
                if reply.status != 201 {
                    refusal = reply
                    break
                }
            }
            let reply = try #require(refusal, "1 MiB never filled up")
            #expect(reply.status == 503, "\(String(decoding: reply.body, as: UTF8.self))")
            #expect(reply.errorCode == "database_full")
            #expect(reply.headers.first(name: "Retry-After").flatMap(Int.init).map { $0 > 0 } == true)
        }
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let termination = try ChildProcess.runBlocking(tool, arguments)
        guard termination == .exited(0) else {
            throw MinerKitError(.internal, code: "tool_failed", "\(tool) \(arguments.joined(separator: " ")): \(termination)")
        }
    }
}
