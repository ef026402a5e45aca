import Foundation
import MinerKit
import MinerKitHTTP
import Testing

@Suite struct OpenAPITests {
    @Test func everyRegisteredRouteIsDocumented() throws {
        let coordinator = Coordinator(store: InMemoryStore(), keyPair: .generate())
        let router = CoordinatorAPI.router(coordinator: coordinator)
        let paths = try #require(CoordinatorAPI.openAPIDocument["paths"])
        #expect(router.table.routes.count >= 30)
        for route in router.table.routes {
            #expect(paths[route.path]?[route.method.lowercased()] != nil, "\(route) is not in openapi.json")
        }
        guard case .object(let documented) = paths else { return }
        let served = Set(router.table.routes.map { "\($0.method.lowercased()) \($0.path)" })
        for (path, operations) in documented {
            guard case .object(let byMethod) = operations else { continue }
            for method in byMethod.keys {
                #expect(served.contains("\(method) \(path)"), "openapi.json documents \(method) \(path), which is not served")
            }
        }
    }

    @Test func healthAndDocumentAreServed() async throws {
        try await LiveCoordinator.serving { live in
            let health = try await live.send(.GET, "/health")
            #expect(health.status == 200 && health.json == ["status": "ok", "version": .string(MinerKitVersion.current)])
            let document = try await live.send(.GET, "/openapi.json")
            #expect(document.json["openapi"] == "3.0.3")
            #expect(document.json == CoordinatorAPI.openAPIDocument)
        }
    }
}
