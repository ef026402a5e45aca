import HTTPTypes
import Hummingbird
import MinerKit
import NIOCore

/// How a console visitor proves which client they are: the client's API key, entered once in the
/// sign-in form, starts a console session (``Coordinator/startConsoleSession(_:)``) whose random id is
/// all the cookie holds; a program may send `X-Api-Key` / `Authorization: Bearer` instead. The key is
/// never written into a cookie, a page or a log line; the store keeps only the session id's hash.
///
/// The cookie is `minerkit_session=<id>; Path=/; HttpOnly; SameSite=Strict`, plus `Secure` when the
/// visitor reached the server over TLS: this server speaks plain HTTP, so that means a TLS-terminating
/// proxy on the same machine (the request comes from a loopback address) that sent `X-Forwarded-Proto:
/// https`. The header is ignored from any other peer, which could set it to anything.
enum ConsoleSessionCookie {
    static let name = "minerkit_session"

    /// The credentials a console request carries: the header first (as the API), else the session cookie.
    static func credentials(_ request: Request) -> ClientCredentials {
        let fromHeader = request.clientCredentials
        if fromHeader.apiKey != nil { return fromHeader }
        return ClientCredentials(apiKey: nil, consoleSession: ConsoleCookies.value(name, in: request))
    }

    /// The session id in the request's cookie, if well formed.
    static func sessionID(_ request: Request) -> ConsoleSessionID? {
        ConsoleCookies.value(name, in: request).flatMap(ConsoleSessionID.init)
    }

    /// `Set-Cookie` keeping `id` for the browser session.
    static func setCookie(_ id: ConsoleSessionID, secure: Bool) -> HTTPFields {
        [.setCookie: "\(name)=\(id.text); Path=/; HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"]
    }

    /// `Set-Cookie` forgetting the session.
    static func clearCookie(secure: Bool) -> HTTPFields {
        [.setCookie: "\(name)=; Path=/; HttpOnly; SameSite=Strict\(secure ? "; Secure" : ""); Max-Age=0"]
    }

    /// Whether the visitor reached the server over TLS (see the type's rule).
    static func isSecure(_ request: Request, _ context: APIRequestContext) -> Bool {
        guard request.headers[forwardedProto]?.lowercased() == "https",
              let peer = context.channel.remoteAddress?.ipAddress else { return false }
        return peer == "127.0.0.1" || peer == "::1" || peer.hasPrefix("::ffff:127.")
    }

    private static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    /// The sign-in form; `next` is where to go once the key is accepted (a console path), `token` the
    /// visitor's form token (``ConsoleFormGuard``).
    static func form(next: String, token: String, message: String?) -> HTML {
        let note: HTML = message.map { "<p class=\"error\" data-error-code=\"invalid_api_key\">\($0)</p>" } ?? ""
        return """
            <p>Jobs are private: enter your client API key to see your jobs. The key is checked once and not \
            kept in this browser: a sign-in for this browser session (up to 12 hours) is.</p>\(note)
            <form class="key-form" method="post" action="/ui/session">
            <input type="hidden" name="next" value="\(next)">\(ConsoleFormGuard.field(token))
            <label for="api_key">Client API key</label>
            <input id="api_key" name="api_key" type="password" autocomplete="off" required placeholder="mk_…">
            <button type="submit">Show my jobs</button></form>
            """
    }

    /// The sign-out form a signed-in page shows.
    static func signOutForm(token: String) -> HTML {
        """
        <form class="inline" method="post" action="/ui/session/end">\(ConsoleFormGuard.field(token))\
        <button type="submit">Sign out</button></form>
        """
    }

    /// `next` if it is a console path, else `/ui/jobs` (a form field never redirects elsewhere).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/ui/jobs"), !next.contains("//"), !next.contains("\\"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else { return "/ui/jobs" }
        return next
    }
}
