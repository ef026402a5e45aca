import Foundation
import MinerKitTesting
import Testing

/// The `minerkit` executable as a person meets it: failures end quickly with one readable sentence,
/// and a signal stops a miner that is still trying to reach its coordinator. Each case runs the binary
/// built next to the tests, as its own process, waited for without blocking a thread.
@Suite("The command line behaves")
struct CommandLineBehaviourTests {
    struct Outcome {
        var status: Int32
        var output: String
        /// From launch to exit, as the child's reaping thread saw it (so a test process whose cooperative
        /// threads are busy with other tests does not stretch it).
        var elapsed: Duration
    }

    /// Runs `minerkit arguments…`; sends `signal` once its output shows `cue` (when given); kills it
    /// past `limit`.
    static func minerkit(_ arguments: [String], environment: [String: String] = [:], signal: Int32? = nil, when cue: String = "",
                         limit: Duration = .seconds(60)) async throws -> Outcome {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-cli-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let child = try ChildProcess.start(
            ConnectionLimitsTests.minerkit, arguments,
            environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MINERKIT_") }
                .merging(environment) { _, new in new },
            output: .file(log))
        let status: Int32 = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask { await child.exit().status }
            if let signal {
                group.addTask {
                    try await waitUntil("minerkit wrote \"\(cue)\"", timeout: limit, interval: .milliseconds(50)) {
                        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains(cue)
                    }
                    child.signal(signal)
                    return nil
                }
            }
            group.addTask {
                // The time limit on the whole run (a hang fails the test), not an ordering step.
                try await Task.sleep(for: limit)
                child.signal(SIGKILL)
                return nil
            }
            while let next = try await group.next() {
                if let status = next {
                    group.cancelAll()
                    return status
                }
            }
            return -1
        }
        let elapsed = child.lifetime ?? .zero
        return Outcome(status: status, output: (try? String(contentsOf: log, encoding: .utf8)) ?? "", elapsed: elapsed)
    }

    /// A port nothing listens on (bound, then closed).
    static var deadURL: String { "http://127.0.0.1:9" }

    @Test func jobsListOnARefusedConnectionFailsAtOnceInWords() async throws {
        let outcome = try await Self.minerkit(["jobs", "list", "--coordinator", Self.deadURL, "--api-key", "mk_x"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("connection refused"), "\(outcome.output)")
        #expect(!outcome.output.contains("NIO") && !outcome.output.contains("Error Domain"), "\(outcome.output)")
        // A bound on the whole process, start-up included, on a machine running the rest of the suite: the
        // refusal in the output is what shows it did not wait for a timeout.
        #expect(outcome.elapsed < .seconds(45), "took \(outcome.elapsed)")
    }

    @Test func aMissingFileIsNamedInASentence() async throws {
        let missing = "/nonexistent/receipt-\(UUID().uuidString).json"
        let outcome = try await Self.minerkit(["receipts", "verify", missing, "--key", "/nonexistent/key"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains(missing) && outcome.output.contains("no such file"), "\(outcome.output)")
        #expect(!outcome.output.contains("Error Domain"), "\(outcome.output)")
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalStopsAMinerThatIsRetryingItsRegistration(signal: Int32) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("miner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = ConnectionLimitsTests.root.appendingPathComponent("Models/speech-enhancer").path
        // Retrying until stopped, so that the signal surely finds it retrying on a loaded machine.
        let outcome = try await Self.minerkit(["miner", "run", "--coordinator", Self.deadURL, "--model", model,
                                               "--key", folder.appendingPathComponent("miner.key").path, "--attempts", "0"],
                                              signal: signal, when: "retrying")
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("stopped"), "\(outcome.output)")
        // A bound on the whole process, start-up included, on a machine running the rest of the suite: the
        // refusal in the output is what shows it did not wait for a timeout.
        #expect(outcome.elapsed < .seconds(45), "took \(outcome.elapsed)")
    }

    @Test func aMinerWhoseCoordinatorIsDownGivesUpWithinSecondsInASentence() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("miner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = ConnectionLimitsTests.root.appendingPathComponent("Models/speech-enhancer").path
        let outcome = try await Self.minerkit(["miner", "run", "--coordinator", Self.deadURL, "--model", model,
                                               "--key", folder.appendingPathComponent("miner.key").path, "--attempts", "3"])
        #expect(outcome.status != 0, "\(outcome.output)")
        #expect(outcome.output.contains("connection refused (is the server running?)"), "\(outcome.output)")
        #expect(outcome.output.components(separatedBy: "retrying").count - 1 == 2, "two retries: \(outcome.output)")
        #expect(outcome.elapsed < .seconds(45), "took \(outcome.elapsed)")
    }

    @Test func progressBarsStayOffWhenTheOutputIsNotATerminal() async throws {
        let outcome = try await Self.minerkit(["simulate", "--miners", "2", "--jobs", "20"])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("completed 20 jobs"), "\(outcome.output)")
        #expect(!outcome.output.contains("\r") && !outcome.output.contains("] 100%"), "\(outcome.output)")
    }

    @Test func completionScriptsComeFromArgumentParser() async throws {
        for shell in ["bash", "zsh", "fish"] {
            let outcome = try await Self.minerkit(["--generate-completion-script", shell])
            #expect(outcome.status == 0 && outcome.output.contains("minerkit"), "\(shell): \(outcome.output.prefix(200))")
        }
    }
}
