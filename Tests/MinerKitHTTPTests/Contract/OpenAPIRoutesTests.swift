import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import MinerKit
import MinerKitHTTP
import Testing

/// Every server documents exactly the routes it serves, and serves its document at `/openapi.json` and
/// as a page at `/docs`.
@Suite("OpenAPI documents and /docs")
struct OpenAPIRoutesTests {
    /// The document's `method path` pairs against the router's.
    static func expectDocumentsExactly(_ document: JSONValue, _ table: RouteTable) {
        var documented = Set<String>()
        if case .object(let paths)? = document["paths"] {
            for (path, item) in paths {
                guard case .object(let operations) = item else { continue }
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
        }
        let served = Set(table.routes.map(\.description))
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    }

    /// `/openapi.json` serves `document` and `/docs` lists every operation of it.
    static func expectServed(_ document: JSONValue, by router: APIRouter) async throws {
        let app = APIServer.application(router: router)
        try await app.test(.router) { client in
            let json = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(json.status == .ok)
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(buffer: json.body)) == document)
            let page = try await client.execute(uri: "/docs", method: .get)
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: page.body)
            #expect(html.hasPrefix("<!doctype html>") && !html.contains("http://") && !html.contains("https://"))
            guard case .object(let paths)? = document["paths"] else { return }
            for (path, item) in paths {
                guard case .object(let operations) = item else { continue }
                for method in operations.keys {
                    #expect(html.contains("\(method.uppercased())</span><span class=\"path\">\(path)</span>"), "\(method) \(path)")
                }
            }
            if case .object(let schemas)? = document["components"]?["schemas"] {
                for name in schemas.keys { #expect(html.contains("id=\"schema-\(name)\""), "\(name)") }
            }
        }
    }

    @Test func poolDocumentsExactlyWhatItServes() async throws {
        let fixture = try await PoolHTTPFixture(monitorToken: "secret")
        let document = PoolOpenAPI.document(configuration: fixture.pool.configuration, monitorToken: true).json
        #expect(fixture.router.table.routes.count == 17)
        Self.expectDocumentsExactly(document, fixture.router.table)
        try await Self.expectServed(document, by: fixture.router)
    }

    @Test func poolMonitorIsPublicInTheDocumentWithoutAToken() async throws {
        let fixture = try await PoolHTTPFixture()
        let document = PoolOpenAPI.document(configuration: fixture.pool.configuration, monitorToken: false).json
        #expect(document["paths"]?["/api/v1/monitor/summary"]?["get"]?["security"] == [])
        #expect(document["components"]?["securitySchemes"]?["MonitorToken"] == nil)
    }

    @Test func coordinatorDocumentsExactlyWhatItServes() async throws {
        let router = CoordinatorAPI.router(coordinator: Coordinator(store: InMemoryStore(), keyPair: .generate()))
        Self.expectDocumentsExactly(CoordinatorAPI.openAPIDocument, router.table)
        try await Self.expectServed(CoordinatorAPI.openAPIDocument, by: router)
    }

    @Test func inferenceServerDocumentsExactlyWhatItServes() async throws {
        let service = InferenceService()
        let router = APIRouter(maxBodyBytes: InferenceRoutes.maxBodyBytes(for: AudioLimits()), groups: [InferenceRoutes(service: service)])
        let document = InferenceOpenAPI.document(limits: AudioLimits()).json
        #expect(document["paths"]?["/api/v1/inference"]?["post"]?["responses"]?["400"] != nil)
        Self.expectDocumentsExactly(document, router.table)
        try await Self.expectServed(document, by: router)
    }
}
