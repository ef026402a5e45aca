import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// The console's sign-in and sign-out over real HTTP: refused from other sites and without the form
/// token, a session cookie that holds no key and ends with sign-out, and each miner's id beside its name.
@Suite("Console sign-in guard")
struct ConsoleSignInGuardTests {
    @Test(.timeLimit(.minutes(3)))
    func crossSitePostsAreRefusedAndSameOriginOnesWork() async throws {
        try await ConsoleFixture.serving(traffic: false) { fixture in
            let form = try await fixture.formToken()
            let body = "api_key=\(fixture.clientKey)&next=%2Fui%2Fjobs&form_token=\(form.token)"
            let foreign: [[String: String]] = [
                ["Origin": "http://evil.example"],
                ["Origin": "null"],
                ["Origin": fixture.baseURL + ".evil.example"],
                ["Sec-Fetch-Site": "cross-site"],
                ["Sec-Fetch-Site": "same-site", "Origin": fixture.baseURL],
            ]
            for headers in foreign {
                let reply = try await fixture.send(.POST, "/ui/session", headers: headers.merging(["Cookie": form.cookie]) { a, _ in a },
                                                   form: body)
                #expect(reply.status == 403, "\(headers)")
                #expect(reply.text.contains("data-error-code=\"cross_site_request\""), "\(headers)")
                #expect(!reply.headers["Set-Cookie"].contains { $0.hasPrefix("minerkit_session=") }, "\(headers) signs nobody in")
                let out = try await fixture.send(.POST, "/ui/session/end", headers: headers.merging(["Cookie": form.cookie]) { a, _ in a },
                                                 form: "form_token=\(form.token)")
                #expect(out.status == 403 && out.text.contains("cross_site_request"), "sign-out from \(headers)")
            }
            for headers: [String: String] in [["Origin": fixture.baseURL, "Sec-Fetch-Site": "same-origin"], [:]] {
                let own = try await fixture.send(.POST, "/ui/session", headers: headers.merging(["Cookie": form.cookie]) { a, _ in a },
                                                 form: body)
                #expect(own.status == 303, "\(headers)")
            }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aMissingOrWrongFormTokenIsRefused() async throws {
        try await ConsoleFixture.serving(traffic: false) { fixture in
            let form = try await fixture.formToken()
            let other = try await fixture.formToken()
            #expect(form.token != other.token, "each visitor gets a token of their own")
            let attempts: [(cookie: String?, field: String?)] = [
                (nil, nil), (form.cookie, nil), (nil, form.token), (form.cookie, other.token), (form.cookie, ""),
            ]
            for (cookie, field) in attempts {
                var body = "api_key=\(fixture.clientKey)&next=%2Fui%2Fjobs"
                if let field { body += "&form_token=\(field)" }
                let reply = try await fixture.send(.POST, "/ui/session", headers: cookie.map { ["Cookie": $0] } ?? [:], form: body)
                #expect(reply.status == 403 && reply.text.contains("data-error-code=\"invalid_form_token\""),
                        "cookie \(cookie != nil), field \(field ?? "none")")
            }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func theSessionCookieHoldsARandomIdWhoseHashAloneIsStored() async throws {
        try await ConsoleFixture.serving(traffic: false) { fixture in
            let (plain, _) = try await fixture.signIn(key: fixture.clientKey)
            let attributes = plain.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(Set(attributes.dropFirst()) == ["Path=/", "HttpOnly", "SameSite=Strict"], "\(plain)")
            let value = String(ConsoleSignIn.pair(plain).dropFirst("minerkit_session=".count))
            let id = try #require(ConsoleSessionID(value), "64 hex characters: 256 random bits")
            let stored = try await fixture.coordinator.store.read { db in
                (try await db.consoleSession(hash: id.hash), try await db.consoleSession(hash: value))
            }
            #expect(stored.0 != nil && stored.1 == nil, "the store keeps the id's hash, not the id")
            #expect(stored.0.map { $0.expiresAt.timeIntervalSince($0.createdAt) } == Coordinator.consoleSessionLifetime)

            // Behind a TLS-terminating proxy on this machine, the cookie is Secure.
            let form = try await fixture.formToken()
            let proxied = try await fixture.send(.POST, "/ui/session",
                                                 headers: ["Cookie": form.cookie, "X-Forwarded-Proto": "https"],
                                                 form: "api_key=\(fixture.clientKey)&next=%2Fui%2Fjobs&form_token=\(form.token)")
            #expect(proxied.headers["Set-Cookie"].first?.hasSuffix("; Secure") == true)
            let jobs = try await fixture.send(.GET, "/ui/jobs", headers: ["Cookie": ConsoleSignIn.pair(plain)])
            #expect(jobs.status == 200 && !jobs.text.contains(fixture.clientKey))

            // Signing in again replaces the session: the old id signs nobody in any more.
            let again = try await fixture.send(.POST, "/ui/session", headers: ["Cookie": ConsoleSignIn.pair(plain) + "; " + form.cookie],
                                               form: "api_key=\(fixture.clientKey)&next=%2Fui%2Fjobs&form_token=\(form.token)")
            #expect(again.status == 303)
            #expect(try await fixture.coordinator.store.read { try await $0.consoleSession(hash: id.hash) } == nil, "the old session ended")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func minersAreListedWithTheirIdBesideTheirName() async throws {
        try await ConsoleFixture.serving(traffic: false) { fixture in
            let now = fixture.coordinator.clock.now()
            try await fixture.coordinator.store.write { db in
                for id in ["twin-a", "twin-b"] { try await db.save(Miner(id: id, name: "<b>Twin</b>", registeredAt: now)) }
            }
            let page = try await fixture.send(.GET, "/ui/miners")
            for id in ["twin-a", "twin-b"] {
                #expect(page.text.contains("&lt;b&gt;Twin&lt;/b&gt;</a> <code class=\"miner-id\">\(id)</code>"), "\(id)")
            }
            #expect(!page.text.contains("<b>Twin"))
            let one = try await fixture.send(.GET, "/ui/miners/twin-b")
            #expect(one.text.contains("<title>Miner &lt;b&gt;Twin&lt;/b&gt; (twin-b)"))
        }
    }
}
