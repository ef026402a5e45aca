import Foundation
import Hummingbird
import Logging
import MinerKit

/// Turns every error a route (or Hummingbird) throws into the shared JSON error shape
/// `{"detail": ..., "error_code": ...}`:
///
/// - ``MinerKitError``: its kind's status, its code and detail, `Retry-After` when set; except that a
///   storage or internal failure (500) is logged in full at `error` (with the request id) and answered
///   with its code and a plain sentence: its own detail may carry file paths, SQL or driver messages;
/// - Hummingbird's errors: unknown path 404 `not_found`, known path with another method 405
///   `method_not_allowed` (with `Allow`), other statuses kept;
/// - `DecodingError`: 400 `invalid_json` or 422 `validation_error` naming the field;
/// - anything else: 500 `internal_error` with a safe message; the error itself is only logged.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    public init(routes: RouteTable) {
        self.routes = routes
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as MinerKitError {
            ServiceMetrics.refused(error)
            guard error.kind == .storage || error.kind == .internal else { return error.response() }
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error_code": "\(error.code)",
                                                              "error": "\(error.detail)"])
            return error.withPlainDetail(requestID: context.id).response()
        } catch let error as HTTPError {
            return respond(to: error.status, message: error.body, request: request)
        } catch let error as DecodingError {
            return APIJSON.translate(error).response()
        } catch let error as any HTTPResponseError {
            return respond(to: error.status, message: nil, request: request)
        } catch {
            context.logger.error("unhandled error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return MinerKitError(.internal, code: "internal_error", "internal server error")
                .withPlainDetail(requestID: context.id).response()
        }
    }

    private func respond(to status: HTTPResponse.Status, message: String?, request: Request) -> Response {
        if status == .notFound {
            let allowed = routes.methods(matching: request.uri.path[...])
            if !allowed.isEmpty, !allowed.contains(request.method.rawValue) {
                return MinerKitError(.invalidInput, code: "method_not_allowed",
                                     "\(request.method.rawValue) is not allowed on \(request.uri.path)")
                    .response(status: .methodNotAllowed, extraHeaders: [.allow: allowed.joined(separator: ", ")])
            }
            if allowed.isEmpty {
                return MinerKitError(.notFound, code: "not_found", "no route for \(request.uri.path)").response()
            }
        }
        let code: String = switch status {
        case .badRequest: "bad_request"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .contentTooLarge: "payload_too_large"
        case .unprocessableContent: "validation_error"
        case .tooManyRequests: "rate_limited"
        default: status.code >= 500 ? "internal_error" : "http_\(status.code)"
        }
        let detail = message ?? status.reasonPhrase
        return APIJSON.response(APIErrorBody(detail: detail, errorCode: code), status: status)
    }
}

extension MinerKitError {
    /// This error with a detail fit for a client: a sentence naming the request, so an operator finds
    /// the logged original, and nothing from inside the server.
    func withPlainDetail(requestID: String) -> MinerKitError {
        var plain = self
        plain.detail = kind == .storage
            ? "The server could not read or write its data (request \(requestID)); the failure is logged."
            : "The server failed to handle the request (request \(requestID)); the failure is logged."
        return plain
    }
}
