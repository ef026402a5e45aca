import Foundation
import MinerKit
import MinerKitHTTP
import Testing

@Suite("Pool over HTTP with a schnorrkel-signing Python client")
struct PoolPythonInteropTests {
    @Test(.enabled(if: PythonPoolClient.available,
                   "needs python3 with the sr25519 module (py-sr25519-bindings; scripts/setup.sh installs it)"))
    func schnorrkelSignaturesAreAcceptedAndStaleOrReplayedOnesRefused() async throws {
        let fixture = try await PoolHTTPFixture(clock: SystemTimeSource())
        try await fixture.serve { port in
            let steps = try await PythonPoolClient.exercise(port: port)
            func status(_ name: String) -> Int? { steps[name]?.status }
            func code(_ name: String) -> String? { steps[name]?.body["error_code"]?.string }

            #expect(status("register") == 200)
            #expect(steps["register"]?.body["status"]?.string == "registered")
            #expect(steps["register"]?.body["hotkey"] == steps["hotkey"]?.body["hotkey"])
            #expect(status("replay") == 401 && code("replay") == "auth_replayed")
            #expect(status("stale") == 401 && code("stale") == "auth_expired_timestamp")
            #expect(status("future") == 401 && code("future") == "auth_expired_timestamp")
            #expect(status("bad_signature") == 401 && code("bad_signature") == "auth_bad_signature")
            #expect(status("missing") == 401 && code("missing") == "auth_missing_header")

            #expect(status("lease") == 200)
            #expect(steps["lease"]?.body["lease_id"]?.string?.hasPrefix("lease_") == true)
            #expect(status("second_lease") == 400)
            #expect(steps["second_lease"]?.body["detail"]?.string == "Miner already has active task")
            #expect(status("submit") == 200)
            #expect(status("submit_again") == 404)
            #expect(steps["submit_again"]?.body["detail"]?.string == "Active lease assignment not found")
            #expect(status("stats") == 200)
            #expect(steps["stats"]?.body["hotkey"] == steps["hotkey"]?.body["hotkey"])
        }
        let counts = try await fixture.pool.monitorSummary().snapshot.counts
        #expect(counts.completedAssignments == 1)
        #expect(counts.evaluations == 3)
    }
}
