import MinerKit
import HTTPTypes
import Hummingbird
import NIOCore

/// The shell every console page shares (head, navigation, footer) and the responses pages are served
/// with: HTML with a strict content security policy (scripts and styles only from the binary itself),
/// never cached (pages may show a client's jobs), and readable error pages.
public struct ConsolePage: Sendable {
    /// One navigation link.
    public struct Link: Sendable {
        public var href: String
        public var label: String

        public init(_ href: String, _ label: String) {
            self.href = href
            self.label = label
        }
    }

    /// The product name in the header (`MinerKit Coordinator`).
    public var product: String
    /// The navigation bar.
    public var links: [Link]
    /// Whether the header carries the search box (the coordinator's).
    public var search: Bool

    public init(product: String, links: [Link], search: Bool = false) {
        self.product = product
        self.links = links
        self.search = search
    }

    /// A whole document titled `title` around `body`; `script` names an asset to load (deferred).
    public func document(title: String, body: HTML, scripts: [String] = []) -> HTML {
        let nav = links.map { link -> HTML in "<a href=\"\(link.href)\">\(link.label)</a>" }
        let searchBox: HTML = search ? """
            <form class="search" method="get" action="/ui/search" role="search">\
            <input name="q" type="search" placeholder="job, receipt, miner id or block height" aria-label="Search">\
            <button type="submit">Search</button></form>
            """ : ""
        let scriptTags = scripts.map { name -> HTML in "<script src=\"/ui/assets/\(name)\" defer></script>" }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · \(product)</title>
            <link rel="stylesheet" href="/ui/assets/console.css">
            \(scriptTags)</head>
            <body><header><a class="brand" href="/ui">\(product)</a><nav>\(nav)</nav>\(searchBox)</header>
            <main><h1>\(title)</h1>
            \(body)
            </main><footer>MinerKit \(MinerKitVersion.current) · read-only console · <a href="/docs">API</a></footer></body></html>
            """
    }

    /// `document` as a 200 (or `status`) response.
    public func response(title: String, body: HTML, scripts: [String] = [], status: HTTPResponse.Status = .ok,
                         headers: HTTPFields = [:]) -> Response {
        Self.html(document(title: title, body: body, scripts: scripts), status: status, headers: headers)
    }

    /// A readable error page with `status`.
    public func error(_ status: HTTPResponse.Status, _ message: String, code: String) -> Response {
        response(title: "\(status.code) \(status.reasonPhrase)",
                 body: "<p class=\"error\" data-error-code=\"\(code)\">\(message)</p><p><a href=\"/ui\">Back to the overview</a></p>",
                 status: status)
    }

    /// HTML `markup` with the console's security headers.
    public static func html(_ markup: HTML, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = securityHeaders
        fields[.contentType] = "text/html; charset=utf-8"
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: markup.text)))
    }

    /// A 303 to `location` (after a form post, or a search that found its page).
    public static func redirect(to location: String, headers: HTTPFields = [:]) -> Response {
        var fields = securityHeaders
        fields[.location] = location
        fields.append(contentsOf: headers)
        return Response(status: .seeOther, headers: fields)
    }

    /// Pages load scripts, styles and data only from the server itself, are never framed, cached or
    /// sniffed, and send no referrer to other sites (a page URL can name a job); to the server itself
    /// they do, so a browser's form posts name their real `Origin` (``ConsoleFormGuard``).
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!:
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        .cacheControl: "no-store",
    ]
}
