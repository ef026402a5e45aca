import Foundation
import Hummingbird
import MinerKit

/// The one error body every MinerKit HTTP API serves: `{"detail": ..., "error_code": ...}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public var detail: String
    public var errorCode: String

    public init(detail: String, errorCode: String) {
        self.detail = detail
        self.errorCode = errorCode
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case detail
        case errorCode = "error_code"
    }
}

extension APIErrorBody: WireSchemaProviding {
    public static let wireSchemaName = "Error"
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .detail: .string().described("What went wrong, for a person").required
        case .errorCode: .string().described("A stable code, for a program (`invalid_json`, `not_found`, ...)").required
        }
    }
}

extension MinerKitError.Kind {
    /// The HTTP status a failure of this kind is served with.
    public var httpStatus: HTTPResponse.Status {
        switch self {
        case .invalidInput: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .payloadTooLarge: .contentTooLarge
        case .validation: .unprocessableContent
        case .rateLimited: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .storage, .internal: .internalServerError
        }
    }
}

extension MinerKitError {
    /// The JSON error response for this error, with `Retry-After` when `retryAfter` is set.
    /// `status` overrides the kind's status for the few HTTP-only cases (405).
    public func response(status: HTTPResponse.Status? = nil, extraHeaders: HTTPFields = [:]) -> Response {
        var headers = extraHeaders
        if let retryAfter { headers[.retryAfter] = String(max(1, retryAfter)) }
        return APIJSON.response(APIErrorBody(detail: detail, errorCode: code), status: status ?? kind.httpStatus,
                                headers: headers)
    }
}

/// Status translations a route applies where its spec says so.
enum APIError {
    /// Runs a route whose spec lists 400 (not 422) for invalid input (`POST /v1/jobs`,
    /// `POST /v1/miners/register`): a validation failure is served as 400 with its code and detail.
    static func invalidInputAsBadRequest(_ route: () async throws -> Response) async throws -> Response {
        do {
            return try await route()
        } catch var error as MinerKitError where error.kind == .validation {
            error.kind = .invalidInput
            throw error
        }
    }
}
