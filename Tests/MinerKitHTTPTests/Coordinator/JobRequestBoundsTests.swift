import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// `POST /v1/jobs` refuses what its OpenAPI schema excludes, with 400 as the spec lists.
@Suite struct JobRequestBoundsTests {
    @Test func refusesWhatTheSchemaExcludes() async throws {
        try await LiveCoordinator.serving { live in
            let key = ["X-Api-Key": live.clientKey]
            let outside: [(JSONValue, String)] = [
                ([:], "validation_error"),                                               // neither prompt nor payload
                (["prompt": "p", "priority": 2_147_483_648], "invalid_priority"),       // beyond 32 bits
                (["payload": ["x": 1], "params": ["top_p": ["no": 1]]], "validation_error"),  // params checked with a payload too
            ]
            for (body, code) in outside {
                let reply = try await live.send(.POST, "/v1/jobs", headers: key, json: body)
                #expect(reply.status == 400 && reply.errorCode == code, "\(body): \(reply.status) \(reply.json)")
            }
            let inside = try await live.send(.POST, "/v1/jobs", headers: key,
                                             json: ["payload": ["x": 1], "params": ["top_p": 0.5], "priority": -2_147_483_648])
            #expect(inside.status == 201)
        }
    }
}
