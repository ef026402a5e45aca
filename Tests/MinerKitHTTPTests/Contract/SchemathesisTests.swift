import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// schemathesis against each server over real HTTP on 127.0.0.1, with every check on: every status,
/// body, content type and header a server answers must be the one its `/openapi.json` documents.
/// Without schemathesis these report themselves skipped, unless `CI` is set: then they fail.
@Suite("schemathesis against every server", .serialized)
struct SchemathesisTests {
    private static let enabled = Schemathesis.available || Schemathesis.required

    private func expectClean(_ report: Schemathesis.Report, _ server: String) {
        #expect(report.status == 0, "schemathesis found problems on the \(server):\n\(report.output.suffix(8000))")
    }

    /// Every request is signed by a fresh hotkey (`Tests/PythonClients/pool_signing_hook.py`), so the
    /// miner routes are tested past their auth; the monitor route gets the token.
    @Test(.enabled(if: enabled, "needs python3 with schemathesis and sr25519 (scripts/setup.sh installs them)"),
          .timeLimit(.minutes(10)))
    func poolAnswersAsItsDocumentSays() async throws {
        try #require(Schemathesis.available, "schemathesis or sr25519 is not installed; run scripts/setup.sh")
        let fixture = try await PoolHTTPFixture(clock: SystemTimeSource(), monitorToken: "monitor-secret")
        try await fixture.serve { port in
            let report = try await Schemathesis.run(baseURL: "http://127.0.0.1:\(port)",
                                                    hooks: Schemathesis.hook("pool_signing_hook.py"),
                                                    environment: ["MINERKIT_TEST_MONITOR_TOKEN": "monitor-secret"])
            expectClean(report, "pool")
        }
    }

    /// Audio that does not decode is a 400 the schema cannot describe (any base64 string is schema-valid),
    /// so schema-valid requests may be refused with 400 there; every other check is as everywhere.
    static let inferenceConfig = """
    [[operations]]
    include-path = "/api/v1/inference"
    include-method = "POST"
    checks.positive_data_acceptance.expected-statuses = ["2xx", "400"]
    """

    @Test(.enabled(if: enabled, "needs python3 with schemathesis and sr25519 (scripts/setup.sh installs them)"),
          .timeLimit(.minutes(10)))
    func inferenceServerAnswersAsItsDocumentSays() async throws {
        try #require(Schemathesis.available, "schemathesis or sr25519 is not installed; run scripts/setup.sh")
        let service = InferenceService(configuration: .init(maxConcurrent: 1, queueCapacity: 64))
        try await service.load(modelDirectory: InferenceValidatorClientTests.root.appendingPathComponent("Models/speech-enhancer"))
        let router = APIRouter(maxBodyBytes: InferenceRoutes.maxBodyBytes(for: AudioLimits()), groups: [InferenceRoutes(service: service)])
        try await withLiveServer(router: router) { server in
            expectClean(try await Schemathesis.run(baseURL: server.baseURL, config: Self.inferenceConfig), "inference server")
        }
    }

    /// A `result_hash` that disagrees with the `result` sent with it is 422 `result_hash_mismatch`, which
    /// no schema can describe (any string is a schema-valid hash), so schema-valid results may be refused
    /// with 422 there; every other check is as everywhere.
    static let coordinatorConfig = ["/v1/jobs/{job_id}/complete", "/v1/miners/{id}/jobs/{job_id}/complete",
                                    "/v1/miners/{id}/result"].map { path in
        """
        [[operations]]
        include-path = "\(path)"
        include-method = "POST"
        checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]
        """
    }.joined(separator: "\n")

    /// Every coordinator route (`Tests/PythonClients/coordinator_keys_hook.py`): the miner routes with a
    /// provisioned, active miner's key and id (the marketplace routes name that miner in their path),
    /// every other route with security with a client key. A long poll is capped at 2 s, within
    /// schemathesis's response time limit (10 s).
    @Test(.enabled(if: enabled, "needs python3 with schemathesis and sr25519 (scripts/setup.sh installs them)"),
          .timeLimit(.minutes(10)))
    func coordinatorAnswersAsItsDocumentSays() async throws {
        try #require(Schemathesis.available, "schemathesis or sr25519 is not installed; run scripts/setup.sh")
        try await LiveCoordinator.serving(configuration: .init(rateLimits: .off, maxLongPoll: 2)) { live in
            let (miner, key) = try await live.coordinator.createMinerKey(name: "schemathesis")
            _ = try await live.coordinator.heartbeat(credentials: MinerCredentials(minerID: miner.id, apiKey: key.text))
            let report = try await Schemathesis.run(baseURL: live.server.baseURL, config: Self.coordinatorConfig,
                                                    hooks: Schemathesis.hook("coordinator_keys_hook.py"),
                                                    environment: ["MINERKIT_TEST_CLIENT_KEY": live.clientKey,
                                                                  "MINERKIT_TEST_MINER_KEY": key.text,
                                                                  "MINERKIT_TEST_MINER_ID": miner.id])
            expectClean(report, "coordinator")
        }
    }
}
