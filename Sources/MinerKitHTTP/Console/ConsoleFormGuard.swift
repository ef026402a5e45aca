import HTTPTypes
import Hummingbird
import MinerKit

/// Keeps other sites from posting the console's forms (sign in, sign out) on a visitor's behalf.
///
/// Two checks, both on every post:
/// - **Where it came from**: a post whose `Sec-Fetch-Site` is present and not `same-origin` or `none`,
///   or whose `Origin` is present and is not this server's own (`http://` or `https://` followed by the
///   request's `Host`; `Origin: null` included), is refused with 403 `cross_site_request`. Console pages
///   send `Referrer-Policy: same-origin`, so a browser names the real origin on its own posts.
/// - **A form token** (double-submit, bound to a pre-session cookie): every page with a form sets a
///   random `minerkit_form` cookie (32 bytes from the CSPRNG, `HttpOnly`, `SameSite=Strict`, `Path=/ui`)
///   and carries the same value in a hidden `form_token` field; a post whose field does not equal its
///   cookie (compared in constant time) is refused with 403 `invalid_form_token`. Another site can
///   neither read the cookie nor, under `SameSite=Strict`, have the browser send it.
enum ConsoleFormGuard {
    static let cookieName = "minerkit_form"
    static let fieldName = "form_token"

    /// Throws 403 `cross_site_request` unless the request may come from this server's own pages.
    static func requireSameOrigin(_ request: Request) throws(MinerKitError) {
        if let site = request.headers[secFetchSite], site != "same-origin", site != "none" {
            throw refusal("cross_site_request", "this form may be posted only from this server's own pages (Sec-Fetch-Site: \(site))")
        }
        if let origin = request.headers[.origin] {
            guard let authority = request.head.authority, isOwn(origin: origin, authority: authority) else {
                throw refusal("cross_site_request", "this form may be posted only from this server's own pages (Origin is another site)")
            }
        }
    }

    /// Throws 403 `invalid_form_token` unless `field` (the posted `form_token`) equals the request's form cookie.
    static func requireToken(_ request: Request, field: String?) throws(MinerKitError) {
        guard let expected = ConsoleCookies.value(cookieName, in: request), let field,
              constantTimeEqual(Array(expected.utf8), Array(field.utf8)) else {
            throw refusal("invalid_form_token", "the form is out of date or was not sent from this console; reload the page and try again")
        }
    }

    /// The form token for a page answering `request`: the one its cookie carries, else a new one and
    /// the `Set-Cookie` that keeps it. A token has a session id's shape (64 hex characters, 256 random
    /// bits), so ``ConsoleSessionID`` makes and checks it; it is never a session id.
    static func token(for request: Request) -> (token: String, headers: HTTPFields) {
        if let existing = ConsoleCookies.value(cookieName, in: request), ConsoleSessionID(existing) != nil {
            return (existing, [:])
        }
        let fresh = ConsoleSessionID.generate().text
        return (fresh, [.setCookie: "\(cookieName)=\(fresh); Path=/ui; HttpOnly; SameSite=Strict"])
    }

    /// The hidden field a console form carries.
    static func field(_ token: String) -> HTML {
        "<input type=\"hidden\" name=\"\(fieldName)\" value=\"\(token)\">"
    }

    private static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!

    /// Whether `origin` is `http://` or `https://` followed by `authority` (the request's `Host`).
    static func isOwn(origin: String, authority: String) -> Bool {
        let origin = origin.lowercased(), authority = authority.lowercased()
        return origin == "http://" + authority || origin == "https://" + authority
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func refusal(_ code: String, _ detail: String) -> MinerKitError {
        MinerKitError(.forbidden, code: code, detail)
    }
}

/// Reading the console's cookies.
enum ConsoleCookies {
    /// The value of the cookie `name` in `request`, if present and not empty.
    static func value(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop(while: { $0 == " " })
                guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == name else { continue }
                let value = trimmed[trimmed.index(after: equals)...]
                return value.isEmpty ? nil : String(value)
            }
        }
        return nil
    }
}
