import Hummingbird
import MinerKit

/// How a console visitor proves which client they are: the client's API key, entered once in a form and
/// then kept in an `HttpOnly`, `SameSite=Strict` cookie scoped to `/ui` (or sent as `X-Api-Key` /
/// `Authorization: Bearer` by a program). The key is checked by the coordinator's one rule (stored
/// hash, constant-time comparison) on every page; it is never written into a page or a log line.
enum ConsoleClientKey {
    static let cookieName = "minerkit_client_key"

    /// The credentials a console request carries: the header first (as the API), else the cookie.
    static func credentials(_ request: Request) -> ClientCredentials {
        let fromHeader = request.clientCredentials
        if fromHeader.apiKey != nil { return fromHeader }
        return ClientCredentials(apiKey: cookie(request))
    }

    /// The key in the console's cookie, if any.
    static func cookie(_ request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop(while: { $0 == " " })
                guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == cookieName else { continue }
                let value = trimmed[trimmed.index(after: equals)...]
                return value.isEmpty ? nil : String(value)
            }
        }
        return nil
    }

    /// `Set-Cookie` keeping `key` for the console's pages (for the browser session only).
    static func setCookie(_ key: String) -> HTTPFields {
        [.setCookie: "\(cookieName)=\(key); Path=/ui; HttpOnly; SameSite=Strict"]
    }

    /// `Set-Cookie` forgetting the key.
    static let clearCookie: HTTPFields = [.setCookie: "\(cookieName)=; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=0"]

    /// The form asking for a client key; `next` is where to go once it is accepted (a console path).
    static func form(next: String, message: String?) -> HTML {
        let note: HTML = message.map { "<p class=\"error\" data-error-code=\"invalid_api_key\">\($0)</p>" } ?? ""
        return """
            <p>Jobs are private: enter your client API key to see your jobs. It is kept in a cookie for this \
            browser session only and sent back to this server alone.</p>\(note)
            <form class="key-form" method="post" action="/ui/session">
            <input type="hidden" name="next" value="\(next)">
            <label for="api_key">Client API key</label>
            <input id="api_key" name="api_key" type="password" autocomplete="off" required placeholder="mk_…">
            <button type="submit">Show my jobs</button></form>
            """
    }

    /// `next` if it is a console path, else `/ui/jobs` (a form field never redirects elsewhere).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/ui/jobs"), !next.contains("//"), !next.contains("\\"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else { return "/ui/jobs" }
        return next
    }
}
