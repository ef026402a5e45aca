import Hummingbird
import MinerKit

/// Bounds request bodies: a body larger than `maxBytes` is refused with 413 `payload_too_large`
/// before any route runs. A declared `Content-Length` over the limit is refused without reading.
/// Bodies within the limit are collected once, so routes can decode them without further checks.
public struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    public let maxBytes: Int

    public init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw tooLarge()
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge()
        }
        return try await next(request, context)
    }

    private func tooLarge() -> MinerKitError {
        MinerKitError(.payloadTooLarge, code: "payload_too_large", "the request body is larger than \(maxBytes) bytes")
    }
}
