import Foundation
import Testing

/// A coordinator that accepts connections and never answers (a real listener on 127.0.0.1 that never
/// accepts): every client command and the miner give up within their stated totals. Each bound below is
/// on the whole process from launch to exit (start-up included, as its reaping thread saw it, so the rest
/// of the suite keeping the test's own threads busy does not count); before these timeouts held,
/// `jobs list` took 30 s and `miner run` 246 s.
@Suite("A silent coordinator")
struct SilentCoordinatorTests {
    @Test(.timeLimit(.minutes(5)))
    func jobsListGivesUpAfterItsTimeout() async throws {
        try await Self.expectGivesUp({ ["jobs", "list", "--coordinator", $0, "--api-key", "mk_x"] },
                                     saying: "no complete answer within 5.0 s", within: .seconds(20), "the default 5 s timeout")
    }

    @Test(.timeLimit(.minutes(5)))
    func jobsSubmitGivesUpWithinItsAttemptsTimesItsTimeout() async throws {
        // 3 tries of 1 s and 0.5 s + 1 s between them: 4.5 s at most (the last try gets what is left).
        try await Self.expectGivesUp({ ["jobs", "submit", "--coordinator", $0, "--api-key", "mk_x", "--model", "m",
                                        "--prompt", "p", "--timeout", "1", "--attempts", "3"] },
                                     saying: "no complete answer within", within: .seconds(15), "a 4.5 s total")
    }

    /// Runs `minerkit` with the arguments `command` makes of a silent listener's URL; it must fail,
    /// print `phrase` and end within `bound` (`total` names the bound it was given).
    private static func expectGivesUp(_ command: (String) -> [String], saying phrase: String, within bound: Duration,
                                      _ total: String) async throws {
        try await LoopbackSockets.withSilentListener { url in
            let outcome = try await CommandLineBehaviourTests.minerkit(command(url))
            #expect(outcome.status != 0, "\(outcome.output)")
            #expect(outcome.output.contains(phrase), "\(outcome.output)")
            #expect(outcome.elapsed < bound, "\(total) took \(outcome.elapsed)")
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func aMinerGivesUpItsRegistrationWithinGiveUpAfter() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("miner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = ConnectionLimitsTests.root.appendingPathComponent("Models/speech-enhancer").path
        try await LoopbackSockets.withSilentListener { url in
            // The defaults: 8 tries of 5 s each, given up after 30 s in all.
            let outcome = try await CommandLineBehaviourTests.minerkit(["miner", "run", "--coordinator", url, "--model", model,
                                                                        "--key", folder.appendingPathComponent("miner.key").path])
            let took = outcome.elapsed
            #expect(outcome.status != 0, "\(outcome.output)")
            #expect(outcome.output.contains("no complete answer within 5.0 s") || outcome.output.contains("no success within 30.0 s"),
                    "\(outcome.output)")
            #expect(outcome.output.contains("retrying"), "it retried: \(outcome.output)")
            #expect(took < .seconds(50), "a 30 s total took \(took)")
        }
    }
}
