import HTTPTypes
import Hummingbird
import MinerKit

extension HTTPField.Name {
    /// `X-Api-Key`: a client's or a miner's API key.
    static let apiKey = Self("X-Api-Key")!
    /// `X-Miner-ID`: the miner a request acts as.
    static let minerID = Self("X-Miner-ID")!
    /// Signed-request headers (see `AuthHeaders`).
    static let signedKey = Self(AuthHeaders.keyName)!
    static let signedTimestamp = Self(AuthHeaders.timestampName)!
    static let signature = Self(AuthHeaders.signatureName)!
}

extension Request {
    /// The client credentials in `X-Api-Key`.
    var clientCredentials: ClientCredentials { ClientCredentials(apiKey: headers[.apiKey]) }

    /// The miner credentials in `X-Miner-ID` / `X-Api-Key` (or, when `X-Signature` is sent, the
    /// signed-request headers), acting as `minerID` (a path or body id) when given.
    func minerCredentials(actingAs minerID: String? = nil) throws -> MinerCredentials {
        var signed: AuthHeaders?
        if headers[.signature] != nil {
            signed = AuthHeaders(key: headers[.signedKey] ?? "", timestamp: headers[.signedTimestamp] ?? "",
                                 signature: headers[.signature] ?? "")
        }
        return try MinerCredentials(minerID: headers[.minerID], apiKey: headers[.apiKey], signedRequest: signed)
            .acting(as: minerID)
    }
}

extension Parameters {
    /// A path parameter the route pattern guarantees.
    func path(_ name: String) throws -> String {
        guard let value = get(name) else {
            throw MinerKitError(.invalidInput, code: "bad_request", "missing path parameter \(name)")
        }
        return value
    }
}
