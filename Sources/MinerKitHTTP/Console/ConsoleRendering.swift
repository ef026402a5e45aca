import Foundation
import Hummingbird
import MinerKit

extension ConsolePage {
    /// Runs `render` and serves its page; a ``MinerKitError`` becomes a readable error page with the
    /// status its kind maps to, and any other error a 500 page that names nothing internal.
    func serve(_ render: () async throws -> HTML) async -> Response {
        do {
            return Self.html(try await render())
        } catch let error as MinerKitError {
            return self.error(error.kind.httpStatus, error.detail, code: error.code)
        } catch {
            return self.error(.internalServerError, "The page could not be built; the server log has the details.",
                              code: "internal_error")
        }
    }
}

/// `application/x-www-form-urlencoded` bodies of the console's forms.
enum ConsoleForm {
    /// The fields of `body` (later duplicates win); `+` is a space, `%XX` a byte.
    static func fields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The body of `request`, at most `limit` bytes, as text.
    static func body(of request: Request, limit: Int = 16 << 10) async throws -> String {
        var buffer = try await request.body.collect(upTo: limit)
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }
}
