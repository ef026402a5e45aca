import Hummingbird
import MinerKit

/// `GET /openapi.json` (the document) and `GET /docs` (the same document as a page a person reads in a
/// browser, with no asset fetched from anywhere). Every MinerKit server registers this group.
public struct OpenAPIRoutes: RouteGroup {
    /// Where the document is served.
    public static let documentPath = "/openapi.json"
    /// Where the page is served.
    public static let docsPath = "/docs"

    /// The document, as JSON.
    public let document: JSONValue
    private let page: String

    /// Routes serving `document`; the page is rendered once, here.
    public init(document: OpenAPIDocument) {
        self.init(json: document.json)
    }

    /// Routes serving a document already written as JSON.
    public init(json: JSONValue) {
        document = json
        page = APIDocsPage.html(for: json)
    }

    public func register(on router: APIRouter) {
        let document = document, page = page
        router.get(RouterPath(Self.documentPath)) { _, _ in APIJSON.response(document: document) }
        router.get(RouterPath(Self.docsPath)) { _, _ in
            let body = ByteBuffer(string: page)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8",
                                                   .contentLength: String(body.readableBytes)],
                            body: .init(byteBuffer: body))
        }
    }
}
