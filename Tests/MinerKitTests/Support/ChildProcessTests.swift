import Foundation
import MinerKitTesting
import Testing

/// `ChildProcess` starts a child with exactly what it is given (arguments, environment, folder, streams,
/// no other descriptor of ours) and reports how it ended; a signal never outlives the child.
@Suite struct ChildProcessTests {
    static let shell = "/bin/sh"

    @Test func anExitStatusAndAKillingSignalAreReportedAsSuch() async throws {
        #expect(try await ChildProcess.run(Self.shell, ["-c", "exit 3"]) == .exited(3))

        let sleeper = try ChildProcess.start(Self.shell, ["-c", "exec sleep 30"])
        #expect(sleeper.isRunning)
        sleeper.signal(SIGKILL)
        #expect(await sleeper.exit() == .signalled(SIGKILL))
        #expect(!sleeper.isRunning && sleeper.lifetime != nil)
        #expect(sleeper.exitBlocking() == .signalled(SIGKILL))
        sleeper.signal(SIGKILL)  // reaped: nothing is sent, nothing fails
    }

    @Test func aLimitKillsAChildThatOutlivesIt() async throws {
        let ended = try await ChildProcess.run(Self.shell, ["-c", "exec sleep 30"], limit: .milliseconds(200))
        #expect(ended == .signalled(SIGKILL))
    }

    @Test func outputAndErrorsGoWhereTheyAreSent() throws {
        let script = "echo out; echo err >&2"
        let apart = try ChildProcess.capture(Self.shell, ["-c", script])
        #expect(apart.termination == .exited(0) && apart.output == "out\n")
        let together = try ChildProcess.capture(Self.shell, ["-c", script], errors: nil)
        #expect(together.output == "out\nerr\n")
    }

    @Test func theEnvironmentAndFolderAreTheOnesGiven() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let folder = URL(fileURLWithPath: "/tmp").resolvingSymlinksInPath()
        let ended = try await ChildProcess.run(Self.shell, ["-c", "echo \"$GREETING\"; echo \"$HOME\"; pwd"],
                                               environment: ["GREETING": "hello"], directory: folder, output: .file(log))
        #expect(ended == .exited(0))
        #expect(try String(contentsOf: log, encoding: .utf8) == "hello\n\n\(folder.path)\n")
    }

    /// A descriptor this process opened without close-on-exec (a pipe's end, say) is not the child's: a
    /// child holding a pipe's write end would keep its reader from ever seeing the end.
    @Test func theChildHoldsNoOtherDescriptorOfOurs() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let listed = try ChildProcess.capture("/bin/ls", ["/proc/self/fd"]).output
        let descriptors = Set(listed.split(separator: "\n").compactMap { Int32($0) })
        #expect(descriptors.isSuperset(of: [0, 1, 2]))
        #expect(descriptors.isDisjoint(with: ends.filter { $0 > 3 }), "\(descriptors) holds one of \(ends)")
    }
}
