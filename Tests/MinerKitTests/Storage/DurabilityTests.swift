import Foundation
import MinerKitTesting
import Testing
@testable import MinerKit

@Suite("SQLite durability")
struct DurabilityTests {
    /// The probe executable sits next to the test bundle in the build directory.
    static var probe: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("MinerKitCrashProbe")
    }

    @Test("a writer killed with SIGKILL mid-load loses nothing it acknowledged", .timeLimit(.minutes(3)))
    func killedWriter() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.probe.path),
                     "build the probe first: \(Self.probe.path)")
        let path = TemporaryPath.make("durable.sqlite")
        let output = Pipe()
        let process = try ChildProcess.start(Self.probe.path, [path],
                                             output: .descriptor(output.fileHandleForWriting.fileDescriptor))
        // The child holds its own copy; without closing this one, reads would never see the end.
        try output.fileHandleForWriting.close()

        // Read acknowledgements until enough have arrived (or 20 s pass), then kill without warning.
        // The reads block: on a thread of their own, not one of the two the whole suite shares.
        let reader = ThreadPoolExecutor(name: "probe-reader")
        defer { reader.shutdown() }
        let lines = await Task(executorPreference: reader) { () -> [String] in
            var buffer = Data()
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                if buffer.reduce(0, { $0 + ($1 == 0x0A ? 1 : 0) }) >= 600 { break }
            }
            process.signal(SIGKILL)
            // Only complete lines are acknowledgements; a half-written last line is not.
            let text = String(decoding: buffer, as: UTF8.self)
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }.value
        #expect(await process.exit() == .signalled(SIGKILL))

        let submitted = lines.filter { $0.hasPrefix("submitted ") }.map { String($0.dropFirst(10)) }
        let completed = lines.filter { $0.hasPrefix("completed ") }.map { String($0.dropFirst(10)) }
        #expect(submitted.count >= 100, "the probe acknowledged too little to test: \(lines.prefix(3))")

        let queue = JobQueue(store: try SQLiteStore(path: path))
        for id in submitted {
            #expect(try await queue.store.read { try await $0.job(id: id) } != nil, "acknowledged job \(id) is missing")
        }
        for id in completed {
            #expect(try await queue.job(id: id).state == .completed, "acknowledged completion of \(id) is lost")
        }
    }
}
