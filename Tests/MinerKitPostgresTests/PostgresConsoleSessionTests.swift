import AsyncHTTPClient
import Foundation
import MinerKit
import MinerKitTesting
import NIOCore
import NIOHTTP1
import Testing

/// A console sign-in lives in the shared database: signed in on one node, a visitor is signed in on
/// every node, and signing out on one ends it on all.
@Suite("Console sessions across PostgreSQL nodes", .enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresConsoleSessionTests {
    @Test func aSessionStartedOnOneNodeWorksAndEndsOnTheOther() async throws {
        try await MultiNodeCluster.with(nodes: 2) { cluster in
            let (a, b) = (cluster.nodes[0].base, cluster.nodes[1].base)
            let key = try #require(cluster.clientHeaders["X-Api-Key"])
            let submitted = try await LoopbackHTTP.send(.POST, a + "/v1/jobs", headers: cluster.clientHeaders,
                                                        json: ["prompt": "hello", "model": "console-session-model"])
            #expect(submitted.status == 201)

            let formPage = try await Self.send(.GET, a + "/ui/jobs")
            let formCookie = try #require(formPage.cookie("minerkit_form"))
            let token = try #require(formPage.formToken)
            let signIn = try await Self.send(.POST, a + "/ui/session", headers: ["Cookie": formCookie, "Origin": a],
                                             form: "api_key=\(key)&next=%2Fui%2Fjobs&form_token=\(token)")
            #expect(signIn.status == 303)
            let session = try #require(signIn.cookie("minerkit_session"))

            let onB = try await Self.send(.GET, b + "/ui/jobs", headers: ["Cookie": session])
            #expect(onB.status == 200 && onB.text.contains("console-session-model"), "signed in on the other node")
            let signOut = try await Self.send(.POST, b + "/ui/session/end", headers: ["Cookie": session + "; " + formCookie, "Origin": b],
                                              form: "form_token=\(token)")
            #expect(signOut.status == 303)
            let afterOnA = try await Self.send(.GET, a + "/ui/jobs", headers: ["Cookie": session])
            #expect(afterOnA.status == 401 && !afterOnA.text.contains("console-session-model"), "ended on every node")
        }
    }

    struct Reply {
        var status: UInt
        var headers: HTTPHeaders
        var text: String

        /// `name=value` of the `Set-Cookie` for `name`.
        func cookie(_ name: String) -> String? {
            headers["Set-Cookie"].first { $0.hasPrefix(name + "=") }.map { String($0.prefix { $0 != ";" }) }
        }

        /// The `form_token` field of a page's form.
        var formToken: String? {
            guard let range = text.range(of: #"name="form_token" value=""#) else { return nil }
            return String(text[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    /// A client that shows redirects as they are.
    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    static func send(_ method: HTTPMethod, _ url: String, headers: [String: String] = [:], form: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 << 20)
        return Reply(status: response.status.code, headers: response.headers, text: String(buffer: body))
    }
}
