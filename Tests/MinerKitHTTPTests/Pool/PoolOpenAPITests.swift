import Foundation
import Hummingbird
import HummingbirdTesting
import MinerKit
import MinerKitHTTP
import Testing

@Suite("Pool OpenAPI document")
struct PoolOpenAPITests {
    @Test func documentsExactlyTheRoutesServed() async throws {
        let fixture = try await PoolHTTPFixture()
        let paths = try #require(PoolOpenAPI.document["paths"])
        let routes = fixture.router.table.routes
        #expect(routes.count == 16)   // the spec's routes, /health, /openapi.json and /metrics
        for route in routes {
            #expect(paths[route.path]?[route.method.lowercased()] != nil, "\(route) is not in openapi.json")
        }
        guard case .object(let documented) = paths else { return }
        let served = Set(routes.map { "\($0.method.lowercased()) \($0.path)" })
        for (path, operations) in documented {
            guard case .object(let byMethod) = operations else { continue }
            for method in byMethod.keys {
                #expect(served.contains("\(method) \(path)"), "openapi.json documents \(method) \(path), which is not served")
            }
        }
        let app = APIServer.application(router: fixture.router)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body)) == PoolOpenAPI.document)
        }
    }
}
