import Foundation
import MinerKit

/// Signing in to the console the way a browser does: read the form (its token and cookie), post it
/// from the console's own origin.
extension ConsoleFixture {
    /// A visitor's form token: the `minerkit_form` cookie pair and the `form_token` field's value.
    struct FormToken {
        var cookie: String
        var token: String
    }

    /// Reads the sign-in form as an anonymous visitor.
    func formToken() async throws -> FormToken {
        let page = try await send(.GET, "/ui/jobs")
        guard let set = page.headers["Set-Cookie"].first(where: { $0.hasPrefix("minerkit_form=") }),
              let token = ConsoleSignIn.field(in: page.text) else {
            throw MinerKitError(.internal, code: "no_form_token", "the key form carried no form token: \(page.headers)")
        }
        return FormToken(cookie: ConsoleSignIn.pair(set), token: token)
    }

    /// Signs in with `key` from the console's own page; returns the `Set-Cookie` of the session and the
    /// form token (for signing out).
    func signIn(key: String) async throws -> (setCookie: String, form: FormToken) {
        let form = try await formToken()
        let reply = try await send(.POST, "/ui/session", headers: ["Cookie": form.cookie, "Origin": baseURL, "Sec-Fetch-Site": "same-origin"],
                                   form: "api_key=\(key)&next=%2Fui%2Fjobs&form_token=\(form.token)")
        guard reply.status == 303, let set = reply.headers["Set-Cookie"].first(where: { $0.hasPrefix("minerkit_session=") }) else {
            throw MinerKitError(.internal, code: "sign_in_failed", "sign-in returned \(reply.status): \(reply.text)")
        }
        return (set, form)
    }
}

/// Pieces of the console's sign-in as a test reads them.
enum ConsoleSignIn {
    /// `name=value` of a `Set-Cookie` header.
    static func pair(_ setCookie: String) -> String { String(setCookie.prefix { $0 != ";" }) }

    /// The `form_token` hidden field's value in `page`.
    static func field(in page: String) -> String? {
        guard let range = page.range(of: #"name="form_token" value=""#) else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }
}
