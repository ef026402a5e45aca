import AsyncHTTPClient
import Foundation
import MinerKit
import MinerKitHTTP
import NIOCore
import Testing

/// A long poll whose client has gone is never the one a job goes to.
@Suite struct PollConnectionTests {
    @Test(.timeLimit(.minutes(3)))
    func aPollWhoseClientLeftIsNotHandedTheNextJob() async throws {
        try await LiveCoordinator.serving { live in
            let (_, key) = try await live.coordinator.createMinerKey(minerID: "gone")
            let miner = ["X-Api-Key": key.text]
            #expect(try await live.send(.POST, "/v1/miners/register?miner_id=gone", headers: miner,
                                        json: ["capabilities": ["gpu": ["model": "v100"]]]).status == 200)

            // The client gives up long before the 20 s it asked for, and closes its connection.
            var request = HTTPClientRequest(url: live.server.baseURL + "/v1/miners/poll")
            request.method = .POST
            request.headers.add(name: "X-Api-Key", value: key.text)
            request.body = .bytes(ByteBuffer(string: #"{"max_wait_seconds":20}"#))
            await #expect(throws: (any Error).self) {
                _ = try await HTTPClient.shared.execute(request, timeout: .milliseconds(300))
            }

            let id = try await live.submit()
            let polled = try await live.send(.POST, "/v1/miners/poll", headers: miner, json: ["max_wait_seconds": 5])
            #expect(polled.status == 200 && polled.json["job_id"]?.stringValue == id)
            #expect(polled.json["constraints"]?["attempt"] == 1, "the gone poll cost no attempt")
            let job = try await live.coordinator.job(id: id, credentials: ClientCredentials(apiKey: live.clientKey))
            #expect(job.attempts == 0 && job.lease?.minerID == "gone")
        }
    }
}
