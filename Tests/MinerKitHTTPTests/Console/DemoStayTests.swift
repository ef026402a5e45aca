import Foundation
import Testing

/// Whether the demo can run here: espeak-ng synthesizes its speech (`scripts/setup.sh` installs it).
private let espeakAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/espeak-ng")

/// `minerkit demo --stay`: after the run it prints the console's address and keeps serving until
/// Ctrl-C, then exits 0.
@Suite("demo --stay")
struct DemoStayTests {
    @Test(.enabled(if: espeakAvailable || ProcessInfo.processInfo.environment["CI"] != nil, "espeak-ng is not installed"),
          .timeLimit(.minutes(4)))
    func staysServingTheConsoleUntilInterrupted() async throws {
        let root = ConsoleBrowserTests.root
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("demo-stay-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm", ".client-key"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        }
        let outcome = try await CommandLineBehaviourTests.minerkit(
            ["demo", "--stay", "--db", database, "--model", root.appendingPathComponent("Models/speech-enhancer").path],
            signal: SIGINT, when: "serving until Ctrl-C", limit: .seconds(200))
        #expect(outcome.status == 0, "\(outcome.output.suffix(2000))")
        let console = outcome.output.split(separator: "\n").first { $0.hasPrefix("console      http://127.0.0.1:") }
        #expect(console?.hasSuffix("/ui") == true, "the console's address is printed first: \(outcome.output.prefix(400))")
        #expect(outcome.output.contains("4 of 4 receipts proven included"))
        #expect(outcome.output.contains("(your jobs: enter the client key in \(database).client-key)"))
        let key = try String(contentsOfFile: database + ".client-key", encoding: .utf8)
        #expect(key.hasPrefix("mk_") && !outcome.output.contains(key.trimmingCharacters(in: .whitespacesAndNewlines)),
                "the key is in its file, not on the screen")
        let mode = try FileManager.default.attributesOfItem(atPath: database + ".client-key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
