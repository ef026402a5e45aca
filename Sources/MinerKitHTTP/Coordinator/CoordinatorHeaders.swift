import Foundation
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
    /// The API key in `X-Api-Key`, else in `Authorization: Bearer <key>`.
    var apiKey: String? {
        if let key = headers[.apiKey] { return key }
        guard let authorization = headers[.authorization], authorization.count > 7,
              authorization.prefix(7).lowercased() == "bearer " else { return nil }
        return authorization.dropFirst(7).trimmingCharacters(in: .whitespaces)
    }

    /// The client credentials in `X-Api-Key` (or `Authorization: Bearer`).
    var clientCredentials: ClientCredentials { ClientCredentials(apiKey: apiKey) }

    /// The miner credentials in `X-Miner-ID` (else `?miner_id=`) and `X-Api-Key` (or `Authorization:
    /// Bearer`), or, when `X-Signature` is sent, the signed-request headers; acting as `minerID` (a
    /// path or body id) when given. With no id at all, the key alone finds its miner. A `?miner_id=`
    /// sent with `X-Miner-ID` must name the same miner (403 `miner_mismatch`).
    func minerCredentials(actingAs minerID: String? = nil) throws -> MinerCredentials {
        var signed: AuthHeaders?
        if headers[.signature] != nil {
            signed = AuthHeaders(key: headers[.signedKey] ?? "", timestamp: headers[.signedTimestamp] ?? "",
                                 signature: headers[.signature] ?? "")
        }
        return try MinerCredentials(minerID: headers[.minerID] ?? query("miner_id"), apiKey: apiKey, signedRequest: signed)
            .acting(as: query("miner_id")).acting(as: minerID)
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
