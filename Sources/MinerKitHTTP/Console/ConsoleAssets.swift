import HTTPTypes
import Hummingbird
import NIOCore

/// The console's stylesheet and scripts, compiled into the binary and served by it under
/// `/ui/assets/`: nothing is fetched from anywhere else.
public enum ConsoleAssets {
    /// Asset name → (content type, text).
    static let files: [String: (type: String, text: String)] = [
        "console.css": ("text/css; charset=utf-8", ConsoleStyle.css),
        "console.js": ("text/javascript; charset=utf-8", ConsoleLiveScript.js),
        "receipt-verify.js": ("text/javascript; charset=utf-8", ReceiptVerifyScript.js),
        "ed25519.js": ("text/javascript; charset=utf-8", ConsoleCryptoScript.js),
    ]

    /// `GET /ui/assets/{name}` on `router` (404 for any other name).
    public static func register(on router: APIRouter) {
        router.get("/ui/assets/{name}") { _, context in
            let name = try context.parameters.require("name")
            guard let file = files[name] else {
                return ConsolePage.html("<!doctype html><title>Not found</title><p>No such asset.</p>", status: .notFound)
            }
            return Response(status: .ok, headers: [
                .contentType: file.type, .cacheControl: "public, max-age=300",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ], body: ResponseBody(byteBuffer: ByteBuffer(string: file.text)))
        }
    }
}
