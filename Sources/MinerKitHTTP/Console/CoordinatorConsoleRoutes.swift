import Foundation
import Hummingbird
import MinerKit

/// The coordinator console's pages under `/ui` (and `/` redirecting there), on the API's port.
///
/// These are HTML pages for people, not part of the JSON API: they are registered apart from
/// ``CoordinatorAPI/routeGroups(coordinator:)`` (the OpenAPI document lists exactly those), and a
/// server adds them next to the API:
///
/// ```swift
/// let router = APIRouter(groups: CoordinatorAPI.routeGroups(coordinator: coordinator)
///                                + [CoordinatorConsoleRoutes(coordinator: coordinator)])
/// ```
///
/// Every page reads; the only form posts sign a visitor in or out (``ConsoleFormGuard`` refuses them from
/// other sites; the cookie holds a session id, never the key: ``ConsoleSessionCookie``).
public struct CoordinatorConsoleRoutes: RouteGroup {
    public let console: CoordinatorConsole

    public init(coordinator: Coordinator) {
        console = CoordinatorConsole(coordinator: coordinator)
    }

    public func register(on router: APIRouter) {
        let console = self.console, page = console.page
        router.get("/") { _, _ in ConsolePage.redirect(to: "/ui") }
        router.get("/ui") { _, _ in await page.serve { try await console.overviewPage() } }
        router.get("/ui/overview.json") { _, _ in
            var response = APIJSON.response(try await console.overview())
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.get("/ui/jobs") { request, context in
            let credentials = ConsoleSessionCookie.credentials(request)
            return await Self.privatePage(page, request, context, credentials: credentials, next: request.uri.description) { signOut in
                var state: JobState?
                if let name = request.query("state"), !name.isEmpty {
                    guard let parsed = JobState(apiName: name) else {
                        throw MinerKitError(.invalidInput, code: "validation_error",
                                            "state must be one of pending, running, completed, failed, cancelled")
                    }
                    state = parsed
                }
                let limit = try request.queryInt("limit", default: CoordinatorConsole.maxRows, in: 1...CoordinatorConsole.maxRows)
                let offset = try request.queryInt("offset", default: 0, in: 0...Int(Int32.max))
                var before: JobCursor?
                if let token = request.query("before"), !token.isEmpty {
                    guard let cursor = JobCursor(token: token) else {
                        throw MinerKitError(.invalidInput, code: "validation_error", "before is not a page cursor this console made")
                    }
                    before = cursor
                }
                return try await console.jobsPage(credentials: credentials, state: state, limit: limit, offset: offset,
                                                  before: before, signOutToken: signOut)
            }
        }
        router.get("/ui/jobs/{job_id}") { request, context in
            let credentials = ConsoleSessionCookie.credentials(request)
            let id = try context.parameters.require("job_id")
            return await Self.privatePage(page, request, context, credentials: credentials, next: request.uri.path) { _ in
                try await console.jobPage(id: id, credentials: credentials)
            }
        }
        router.post("/ui/session") { request, context in
            let form = ConsoleForm.fields(try await ConsoleForm.body(of: request))
            if let refusal = Self.refusal(page, request, form) { return refusal }
            let next = ConsoleSessionCookie.safeNext(form["next"])
            let key = form["api_key"]?.trimmingCharacters(in: .whitespaces) ?? ""
            do {
                let session = try await console.coordinator.startConsoleSession(ClientCredentials(apiKey: key))
                // A new sign-in replaces the visitor's previous session, which ends at once.
                if let previous = ConsoleSessionCookie.sessionID(request) { try await console.coordinator.endConsoleSession(previous) }
                return ConsolePage.redirect(to: next, headers: ConsoleSessionCookie.setCookie(session, secure: ConsoleSessionCookie.isSecure(request, context)))
            } catch let error as MinerKitError where error.kind == .unauthorized {
                let token = ConsoleFormGuard.token(for: request)
                return page.response(title: "Your jobs", body: ConsoleSessionCookie.form(next: next, token: token.token, message: "That is not a valid client key."),
                                     status: .unauthorized, headers: token.headers)
            }
        }
        router.post("/ui/session/end") { request, context in
            let form = ConsoleForm.fields(try await ConsoleForm.body(of: request))
            if let refusal = Self.refusal(page, request, form) { return refusal }
            if let session = ConsoleSessionCookie.sessionID(request) { try await console.coordinator.endConsoleSession(session) }
            return ConsolePage.redirect(to: "/ui", headers: ConsoleSessionCookie.clearCookie(secure: ConsoleSessionCookie.isSecure(request, context)))
        }
        router.get("/ui/miners") { _, _ in await page.serve { try await console.minersPage() } }
        router.get("/ui/miners/{id}") { _, context in
            let id = try context.parameters.require("id")
            return await page.serve { try await console.minerPage(id: id) }
        }
        router.get("/ui/blocks") { request, _ in
            await page.serve {
                let before = request.query("before") == nil ? nil : try request.queryInt("before", default: 1, in: 1...Int(Int32.max))
                return try await console.blocksPage(before: before)
            }
        }
        router.get("/ui/blocks/{height}") { _, context in
            let height = try context.parameters.require("height")
            return await page.serve {
                guard let value = Int(height) else {
                    throw MinerKitError(.invalidInput, code: "validation_error", "a block height is a whole number")
                }
                return try await console.blockPage(height: value)
            }
        }
        router.get("/ui/receipts/{receipt_id}") { _, context in
            let id = try context.parameters.require("receipt_id")
            return await page.serve { try await console.receiptPage(id: id) }
        }
        router.get("/ui/verify") { _, _ in ConsolePage.html(console.verifyPage()) }
        router.get("/ui/search") { request, _ in
            let query = request.query("q") ?? ""
            do {
                if let destination = try await ConsoleSearch.destination(for: query, in: console.coordinator) {
                    return ConsolePage.redirect(to: destination)
                }
                let message: HTML = """
                    <p class="error" data-error-code="not_found">Nothing is named “\(query)”: try a job id, a receipt id, \
                    a miner id or a block height.</p>
                    """
                return page.response(title: "Search", body: message, status: .notFound)
            } catch {
                return page.error(.internalServerError, "The search failed; the server log has the details.", code: "internal_error")
            }
        }
        ConsoleAssets.register(on: router)
        router.get("/ui/**") { _, _ in page.error(.notFound, "There is no such page.", code: "not_found") }
    }

    /// A page showing a client's jobs: without a valid key or sign-in, the key form (401) and nothing
    /// else. `render` gets the visitor's form token when a console session signed them in (for the
    /// sign-out form), `nil` when the request carried a key.
    static func privatePage(_ page: ConsolePage, _ request: Request, _ context: APIRequestContext,
                            credentials: ClientCredentials, next: String,
                            _ render: (_ signOutToken: String?) async throws -> HTML) async -> Response {
        let form = ConsoleFormGuard.token(for: request)
        let signedIn = credentials.apiKey == nil && credentials.consoleSession != nil
        do {
            return ConsolePage.html(try await render(signedIn ? form.token : nil), headers: signedIn ? form.headers : [:])
        } catch let error as MinerKitError where error.kind == .unauthorized {
            let message = credentials.apiKey != nil ? "That key is not a valid client key."
                : signedIn ? "Your sign-in has ended: enter your key again." : nil
            var response = page.response(title: "Your jobs",
                                         body: ConsoleSessionCookie.form(next: ConsoleSessionCookie.safeNext(next), token: form.token, message: message),
                                         status: .unauthorized, headers: form.headers)
            if signedIn { response.headers.append(contentsOf: ConsoleSessionCookie.clearCookie(secure: ConsoleSessionCookie.isSecure(request, context))) }
            return response
        } catch let error as MinerKitError {
            return page.error(error.kind.httpStatus, error.detail, code: error.code)
        } catch {
            return page.error(.internalServerError, "The page could not be built; the server log has the details.", code: "internal_error")
        }
    }

    /// The 403 page for a form post another site may have made (``ConsoleFormGuard``), or `nil` when
    /// the post came from this console's own form.
    static func refusal(_ page: ConsolePage, _ request: Request, _ form: [String: String]) -> Response? {
        do throws(MinerKitError) {
            try ConsoleFormGuard.requireSameOrigin(request)
            try ConsoleFormGuard.requireToken(request, field: form[ConsoleFormGuard.fieldName])
            return nil
        } catch {
            return page.error(error.kind.httpStatus, error.detail, code: error.code)
        }
    }
}

extension CoordinatorAPI {
    /// A router serving the whole coordinator API and, under `/ui`, its console (what `minerkit
    /// coordinator serve` and the demo serve). ``router(coordinator:maxBodyBytes:)`` serves the API alone.
    /// `layers` (all by default) are the router's, see ``APIRouter/init(maxBodyBytes:groups:layers:)``.
    public static func routerWithConsole(coordinator: Coordinator, maxBodyBytes: Int = defaultMaxBodyBytes,
                                         layers: ServerLayers = .all) -> APIRouter {
        APIRouter(maxBodyBytes: maxBodyBytes,
                  groups: routeGroups(coordinator: coordinator) + [CoordinatorConsoleRoutes(coordinator: coordinator)],
                  layers: layers)
    }
}
