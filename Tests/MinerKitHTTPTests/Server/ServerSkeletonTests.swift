import Foundation
import Hummingbird
import HummingbirdTesting
import MinerKit
import MinerKitHTTP
import Testing

/// Routes that exercise each error path of the shared skeleton.
private struct ProbeRoutes: RouteGroup {
    struct Echo: Codable { var name: String; var count: Int; var tags: [String]? }
    struct Boom: Error {}

    func register(on router: APIRouter) {
        router.post("/echo") { request, _ in
            APIJSON.response(try await request.decodeJSON(as: Echo.self), status: .created)
        }
        router.get("/limited") { _, _ -> Response in
            throw MinerKitError(.rateLimited, code: "rate_limited", "slow down", retryAfter: 7)
        }
        router.get("/conflict/{id}") { _, context -> Response in
            throw MinerKitError(.conflict, code: "job_completed", "job \(context.parameters.get("id") ?? "") is done")
        }
        router.get("/boom") { _, _ -> Response in throw Boom() }
        router.get("/query") { request, _ in
            APIJSON.response(["limit": try request.queryInt("limit", default: 20, in: 1...100)])
        }
    }
}

@Suite struct ServerSkeletonTests {
    let app = APIServer.application(router: APIRouter(maxBodyBytes: 256, groups: [ProbeRoutes()]))

    private func errorBody(_ response: TestResponse) throws -> APIErrorBody {
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        return try JSONDecoder().decode(APIErrorBody.self, from: Data(buffer: response.body))
    }

    private func post(_ client: any TestClientProtocol, _ path: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"],
                                 body: ByteBuffer(string: body))
    }

    @Test func decodesAndEncodesJSON() async throws {
        try await app.test(.live) { client in
            let response = try await post(client, "/echo", #"{"name":"a","count":2}"#)
            #expect(response.status == .created)
            let echo = try JSONDecoder().decode(ProbeRoutes.Echo.self, from: Data(buffer: response.body))
            #expect(echo.name == "a" && echo.count == 2)
        }
    }

    @Test func malformedJSONIs400() async throws {
        try await app.test(.live) { client in
            let response = try await post(client, "/echo", #"{"name": "#)
            #expect(response.status == .badRequest)
            #expect(try errorBody(response).errorCode == "invalid_json")
        }
    }

    @Test func missingAndWrongTypedFieldsAre422NamingTheField() async throws {
        try await app.test(.live) { client in
            let missing = try await post(client, "/echo", #"{"name":"a"}"#)
            #expect(missing.status == .unprocessableContent)
            let missingBody = try errorBody(missing)
            #expect(missingBody.errorCode == "validation_error")
            #expect(missingBody.detail.contains("'count'"))

            let wrong = try await post(client, "/echo", #"{"name":"a","count":"two"}"#)
            #expect(wrong.status == .unprocessableContent)
            #expect(try errorBody(wrong).detail.contains("'count'"))

            let nested = try await post(client, "/echo", #"{"name":"a","count":1,"tags":["x",3]}"#)
            #expect(nested.status == .unprocessableContent)
            #expect(try errorBody(nested).detail.contains("tags[1]"))
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await app.test(.live) { client in
            let big = #"{"name":""# + String(repeating: "x", count: 400) + #"","count":1}"#
            let response = try await post(client, "/echo", big)
            #expect(response.status == .contentTooLarge)
            #expect(try errorBody(response).errorCode == "payload_too_large")
        }
    }

    @Test func minerKitErrorsKeepStatusCodeAndRetryAfter() async throws {
        try await app.test(.live) { client in
            let limited = try await client.execute(uri: "/limited", method: .get)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "7")
            #expect(try errorBody(limited) == APIErrorBody(detail: "slow down", errorCode: "rate_limited"))

            let conflict = try await client.execute(uri: "/conflict/j1", method: .get)
            #expect(conflict.status == .conflict)
            #expect(try errorBody(conflict) == APIErrorBody(detail: "job j1 is done", errorCode: "job_completed"))
        }
    }

    @Test func unknownRouteIs404AndWrongMethodIs405() async throws {
        try await app.test(.live) { client in
            let missing = try await client.execute(uri: "/nowhere", method: .get)
            #expect(missing.status == .notFound)
            #expect(try errorBody(missing).errorCode == "not_found")

            let wrongMethod = try await client.execute(uri: "/conflict/j1", method: .delete)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "GET, HEAD")
            #expect(try errorBody(wrongMethod).errorCode == "method_not_allowed")
        }
    }

    @Test func unknownErrorsAre500WithASafeMessage() async throws {
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/boom", method: .get)
            #expect(response.status == .internalServerError)
            let body = try errorBody(response)
            #expect(body.errorCode == "internal_error")
            #expect(!body.detail.contains("Boom"))
        }
    }

    @Test func queryIntegersAreBounded() async throws {
        try await app.test(.live) { client in
            #expect(try await client.execute(uri: "/query?limit=50", method: .get).status == .ok)
            let over = try await client.execute(uri: "/query?limit=500", method: .get)
            #expect(over.status == .unprocessableContent)
            #expect(try errorBody(over).detail.contains("'limit'"))
        }
    }

    @Test func routeTableListsEveryRegisteredRoute() {
        let router = APIRouter(groups: [ProbeRoutes()])
        #expect(router.table.routes.map(\.description) == [
            "POST /echo", "GET /limited", "GET /conflict/{id}", "GET /boom", "GET /query",
        ])
    }
}
