import Foundation
import MinerKit
import MinerKitHTTP
import Testing

/// The console over real HTTP, without a browser: what each page serves, who may see jobs, escaping,
/// error pages, and that the console stays out of the JSON API's document.
@Suite("Console pages")
struct ConsolePagesTests {
    @Test(.timeLimit(.minutes(3)))
    func anonymousVisitorsGetTheKeyFormAndNoJobData() async throws {
        try await ConsoleFixture.serving { fixture in
            let jobs = try await fixture.send(.GET, "/v1/jobs?limit=100", headers: ["X-Api-Key": fixture.clientKey])
            let id = try #require(jobs.json.consoleItems?.first?["job_id"]?.stringValue)
            for path in ["/ui/jobs", "/ui/jobs/\(id)", "/ui/jobs?state=completed"] {
                let page = try await fixture.send(.GET, path)
                #expect(page.status == 401, "\(path)")
                #expect(page.text.contains("name=\"api_key\""), "\(path) shows the key form")
                #expect(!page.text.contains(ConsoleFixture.privateModel), "\(path) shows nothing of the jobs")
                #expect(page.headers["Cache-Control"].first == "no-store")
            }
            let list = try await fixture.send(.GET, "/ui/jobs")
            for job in jobs.json.consoleItems ?? [] {
                #expect(!list.text.contains(job["job_id"]?.stringValue ?? "?"))
            }
            // Another client's key: the job does not exist for it, and its list holds only its own jobs.
            let foreign = try await fixture.send(.GET, "/ui/jobs/\(id)", headers: ["X-Api-Key": fixture.otherClientKey])
            #expect(foreign.status == 404 && !foreign.text.contains(ConsoleFixture.privateModel))
            let otherList = try await fixture.send(.GET, "/ui/jobs", headers: ["X-Api-Key": fixture.otherClientKey])
            #expect(otherList.status == 200 && !otherList.text.contains(id))
            let wrong = try await fixture.send(.GET, "/ui/jobs", headers: ["X-Api-Key": APIKey.generate().text])
            #expect(wrong.status == 401 && wrong.text.contains("not a valid client key"))
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func theKeyFormSignsInWithASessionCookieAndListsExactlyTheClientsJobs() async throws {
        try await ConsoleFixture.serving { fixture in
            let form = try await fixture.formToken()
            let own = ["Cookie": form.cookie, "Origin": fixture.baseURL]
            let refused = try await fixture.send(.POST, "/ui/session", headers: own,
                                                 form: "api_key=mk_nope&next=%2Fui%2Fjobs&form_token=\(form.token)")
            #expect(refused.status == 401 && refused.headers["Set-Cookie"].isEmpty)
            let accepted = try await fixture.send(.POST, "/ui/session", headers: own,
                                                  form: "api_key=\(fixture.clientKey)&next=https%3A%2F%2Fevil.example%2F&form_token=\(form.token)")
            #expect(accepted.status == 303)
            #expect(accepted.headers["Location"].first == "/ui/jobs", "a form never redirects off the console")
            let cookie = try #require(accepted.headers["Set-Cookie"].first)
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/;"))
            #expect(!cookie.contains(fixture.clientKey), "the cookie holds a session id, never the key")
            let session = ConsoleSignIn.pair(cookie)
            let pair = session + "; " + form.cookie

            let page = try await fixture.send(.GET, "/ui/jobs", headers: ["Cookie": pair])
            #expect(page.status == 200)
            #expect(!page.text.contains(fixture.clientKey), "the key is never written into a page")
            let api = try await fixture.send(.GET, "/v1/jobs?limit=100", headers: ["X-Api-Key": fixture.clientKey])
            let expected = (api.json.consoleItems ?? []).compactMap { $0["job_id"]?.stringValue }
            #expect(expected.count == 8)
            #expect(Self.jobIDs(in: page.text) == expected, "the page lists the API's jobs, in its order")

            let completed = try await fixture.send(.GET, "/ui/jobs?state=completed", headers: ["Cookie": pair])
            let completedAPI = try await fixture.send(.GET, "/v1/jobs?status=completed&limit=100", headers: ["X-Api-Key": fixture.clientKey])
            #expect(Self.jobIDs(in: completed.text) == (completedAPI.json.consoleItems ?? []).compactMap { $0["job_id"]?.stringValue })
            #expect(Self.jobIDs(in: completed.text).count == 6)

            let first = try await fixture.send(.GET, "/ui/jobs?limit=5", headers: ["Cookie": pair])
            #expect(Self.jobIDs(in: first.text) == Array(expected.prefix(5)))
            let older = try #require(Self.matches(of: #"<a rel="next" href="([^"]+)">Older jobs</a>"#, in: first.text).first)
            #expect(older.hasPrefix("/ui/jobs?state=&amp;limit=5&amp;before="), "the next page goes by cursor, not offset")
            let second = try await fixture.send(.GET, older.replacingOccurrences(of: "&amp;", with: "&"), headers: ["Cookie": pair])
            #expect(Self.jobIDs(in: second.text) == Array(expected.dropFirst(5)), "the next page goes on where the first ended")
            #expect(!second.text.contains("Older jobs"))
            let byOffset = try await fixture.send(.GET, "/ui/jobs?state=&limit=5&offset=5", headers: ["Cookie": pair])
            #expect(Self.jobIDs(in: byOffset.text) == Array(expected.dropFirst(5)), "an old offset link still serves its page")
            let tooDeep = try await fixture.send(.GET, "/ui/jobs?limit=5&offset=\(CoordinatorConsole.maxOffset + 1)", headers: ["Cookie": pair])
            #expect(tooDeep.status == 200 && Self.jobIDs(in: tooDeep.text) == Array(expected.prefix(5)), "a deeper one lands on the newest page")
            #expect(tooDeep.text.contains("here are the newest"))
            let forged = try await fixture.send(.GET, "/ui/jobs?before=not-a-cursor", headers: ["Cookie": pair])
            #expect(forged.status == 400 && forged.text.contains("data-error-code=\"validation_error\""))

            let bad = try await fixture.send(.GET, "/ui/jobs?state=sleeping", headers: ["Cookie": pair])
            #expect(bad.status == 400 && bad.text.contains("data-error-code=\"validation_error\""))

            // The job page: lease holder, fencing token, attempts, and the receipt link.
            let jobID = try #require(expected.last)
            let job = try await fixture.send(.GET, "/ui/jobs/\(jobID)", headers: ["Cookie": pair])
            let record = try await fixture.coordinator.job(id: jobID, credentials: ClientCredentials(apiKey: fixture.clientKey))
            let receipt = try await fixture.coordinator.receipt(jobID: jobID, credentials: ClientCredentials(apiKey: fixture.clientKey))
            #expect(job.status == 200)
            #expect(job.text.contains("<dd data-field=\"fencing_token\">\(record.lease?.token ?? -1)</dd>"))
            #expect(job.text.contains("<dd data-field=\"attempts\">\(record.attempts)</dd>"))
            #expect(job.text.contains("href=\"/ui/miners/\(record.lease?.minerID ?? "?")\""))
            #expect(job.text.contains("href=\"/ui/receipts/\(receipt.receiptID)\""))

            #expect(page.text.contains("action=\"/ui/session/end\""), "a signed-in page offers to sign out")
            let forget = try await fixture.send(.POST, "/ui/session/end", headers: ["Cookie": pair, "Origin": fixture.baseURL],
                                                form: "form_token=\(form.token)")
            #expect(forget.status == 303 && forget.headers["Set-Cookie"].first?.contains("Max-Age=0") == true)
            let after = try await fixture.send(.GET, "/ui/jobs", headers: ["Cookie": session])
            #expect(after.status == 401 && !after.text.contains(ConsoleFixture.privateModel), "the old cookie shows no jobs")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func minerNamesAndSearchTermsAreEscaped() async throws {
        try await ConsoleFixture.serving { fixture in
            let miners = try await fixture.send(.GET, "/ui/miners")
            #expect(miners.status == 200)
            #expect(!miners.text.contains("<script>alert"))
            #expect(miners.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;co"))
            let search = try await fixture.send(.GET, "/ui/search?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
            #expect(search.status == 404)
            #expect(!search.text.contains("<img") && search.text.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(search.headers["Content-Security-Policy"].first?.contains("script-src 'self'") == true)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func minersPageCountsMatchTheLedger() async throws {
        try await ConsoleFixture.serving { fixture in
            let page = try await fixture.send(.GET, "/ui/miners")
            for miner in ["m-alpha", "m-beta"] {
                let receipts = try await fixture.send(.GET, "/v1/receipts?provider=\(miner)&limit=100")
                let completed = receipts.json.consoleItems?.count ?? -1
                #expect(completed == 3)
                let row = try #require(Self.row(in: page.text, attribute: "data-miner=\"\(miner)\""))
                #expect(row.contains("<td>\(completed)</td><td>0</td><td>0</td>"), "completed/failed/lapsed of \(miner): \(row)")
                #expect(row.contains("status-active"))
            }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func explorerPagesShowWhatTheAPIServes() async throws {
        try await ConsoleFixture.serving { fixture in
            let blocks = try await fixture.send(.GET, "/explorer/blocks?limit=100")
            let heights = (blocks.json.consoleItems ?? []).compactMap { $0["height"]?.doubleValue.map(Int.init) }
            #expect(heights == [2, 1])
            let page = try await fixture.send(.GET, "/ui/blocks")
            #expect(Self.matches(of: #"data-height="(\d+)""#, in: page.text).compactMap(Int.init) == heights)

            let block = try await fixture.send(.GET, "/explorer/blocks/1")
            let blockPage = try await fixture.send(.GET, "/ui/blocks/1")
            for field in ["merkle_root", "previous_hash", "hash"] {
                let value = try #require(block.json[field]?.stringValue)
                #expect(blockPage.text.contains(value), "\(field)")
            }
            let receiptIDs = (block.json["receipt_ids"]?.consoleItems ?? []).compactMap(\.stringValue)
            #expect(receiptIDs.count == 3)
            #expect(Self.matches(of: #"href="/ui/receipts/(rcpt_[0-9a-f]+)""#, in: blockPage.text) == receiptIDs)

            let receiptID = receiptIDs[0]
            let receipt = try await fixture.send(.GET, "/v1/receipts/\(receiptID)")
            let receiptPage = try await fixture.send(.GET, "/ui/receipts/\(receiptID)")
            #expect(receiptPage.status == 200)
            for field in ["job_id", "provider", "result_hash", "model"] {
                #expect(receiptPage.text.contains(receipt.json[field]?.stringValue ?? "?"), "\(field)")
            }
            #expect(receiptPage.text.contains("<script src=\"/ui/assets/ed25519.js\" defer></script><script src=\"/ui/assets/receipt-verify.js\" defer></script>"))

            for (path, status) in [("/ui/blocks/99", 404), ("/ui/blocks/x", 400), ("/ui/receipts/rcpt_none", 404),
                                   ("/ui/miners/nobody", 404), ("/ui/blocks?before=0", 422),
                                   ("/ui/no/such/page", 404)] {
                let reply = try await fixture.send(.GET, path)
                #expect(reply.status == status, "\(path)")
                #expect(reply.headers["Content-Type"].first == "text/html; charset=utf-8", "\(path)")
            }
            // Search finds a receipt, a block and a miner; a job id leads to the (key-guarded) job page.
            for (query, location) in [(receiptID, "/ui/receipts/\(receiptID)"), ("2", "/ui/blocks/2"),
                                      ("m-beta", "/ui/miners/m-beta"), ("job_0123", "/ui/jobs/job_0123")] {
                let reply = try await fixture.send(.GET, "/ui/search?q=\(query)")
                #expect(reply.status == 303 && reply.headers["Location"].first == location, "\(query)")
            }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func overviewNumbersEqualTheAPIs() async throws {
        try await ConsoleFixture.serving { fixture in
            let stats = try await fixture.send(.GET, "/explorer/stats")
            let overview = try await fixture.send(.GET, "/ui/overview.json")
            #expect(overview.json["total_jobs"] == stats.json["total_jobs"])
            #expect(overview.json["receipts"] == stats.json["total_receipts"])
            #expect(overview.json["block_height"] == stats.json["block_height"])
            #expect(overview.json["miners_online"] == stats.json["active_miners"])
            #expect(overview.json["jobs"]?["completed"] == 6 && overview.json["jobs"]?["cancelled"] == 1)
            #expect(overview.json["queue_depth"] == 3)
            #expect(overview.json["receipts_per_minute"]?.consoleItems?.compactMap(\.doubleValue).reduce(0, +) == 6)
            let page = try await fixture.send(.GET, "/ui")
            #expect(page.text.contains("data-live=\"queue_depth\">3<"))
            #expect(page.text.contains("data-live=\"jobs.completed\">6<"))
            let root = try await fixture.send(.GET, "/")
            #expect(root.status == 303 && root.headers["Location"].first == "/ui")
            let css = try await fixture.send(.GET, "/ui/assets/console.css")
            #expect(css.status == 200 && css.headers["Content-Type"].first == "text/css; charset=utf-8")
            #expect(!css.text.contains("http://") && !css.text.contains("https://"), "nothing is fetched from elsewhere")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func poolConsoleShowsTheAPIsWindowLeaderboardAndSOTA() async throws {
        try await PoolConsoleFixture.serving { pool in
            let page = try await ConsoleFixture.get(pool.server.baseURL + "/ui")
            let health = try await ConsoleFixture.get(pool.server.baseURL + "/health")
            let board = try await ConsoleFixture.get(pool.server.baseURL + "/api/v1/miners/leaderboard?limit=50")
            let sota = try await ConsoleFixture.get(pool.server.baseURL + "/api/v1/results/sota")
            #expect(page.status == 200)
            #expect(page.text.contains("data-live=\"window_number\">\(Int(health.json["window_number"]?.doubleValue ?? -1))<"))
            let hotkeys = (board.json["miners"]?.consoleItems ?? []).compactMap { $0["hotkey"]?.stringValue }
            #expect(hotkeys.count == 6)
            #expect(Self.matches(of: #"<tr data-hotkey="([^"]+)">"#, in: page.text) == hotkeys)
            let score = try #require(sota.json["score"]?.doubleValue)
            #expect(page.text.contains("<td data-field=\"sota_score\">\(String(format: "%.4f", score))</td>"))
            let algorithm = try #require(sota.json["algorithm_id"]?.stringValue)
            #expect(page.text.contains("<span class=\"hash\">\(algorithm)</span>"), "the SOTA's rise is in its history")
            let status = try await ConsoleFixture.get(pool.server.baseURL + "/ui/status.json")
            #expect(status.json["window_number"] == health.json["window_number"] && status.json["miners"] == 6)
            let root = try await ConsoleFixture.get(pool.server.baseURL + "/")
            #expect(root.status == 303)
        }
    }

    @Test func consoleRoutesStayOutOfTheAPIRouterAndItsDocument() async throws {
        let coordinator = Coordinator(store: InMemoryStore(), keyPair: .generate())
        let api = Set(CoordinatorAPI.router(coordinator: coordinator).table.routes.map(\.path))
        #expect(!api.contains { $0 == "/" || $0.hasPrefix("/ui") })
        let withConsole = CoordinatorAPI.routerWithConsole(coordinator: coordinator).table.routes.map(\.path)
        #expect(Set(withConsole.filter { $0 != "/" && !$0.hasPrefix("/ui") }) == api)
    }

    /// The job ids linked from a jobs table, in page order.
    static func jobIDs(in html: String) -> [String] {
        matches(of: #"<td><a href="/ui/jobs/(job_[0-9a-f]+)">"#, in: html)
    }

    /// The first capture group of every match of `pattern`.
    static func matches(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The table row carrying `attribute`.
    static func row(in html: String, attribute: String) -> String? {
        guard let start = html.range(of: "<tr \(attribute)") else { return nil }
        guard let end = html.range(of: "</tr>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
