import HTTPTypes
import Hummingbird
import MinerKit

extension HTTPField.Name {
    /// `X-Api-Key`: a client's or a miner's API key.
    static let apiKey = Self("X-Api-Key")!
    /// `X-Miner-ID`: the miner a request acts as.
    static let minerID = Self("X-Miner-ID")!
}

extension Request {
    /// The client credentials in `X-Api-Key`.
    var clientCredentials: ClientCredentials { ClientCredentials(apiKey: headers[.apiKey]) }

    /// The miner credentials in `X-Miner-ID` / `X-Api-Key`, acting as `minerID` (a path or body id) when given.
    func minerCredentials(actingAs minerID: String? = nil) throws -> MinerCredentials {
        try MinerCredentials(minerID: headers[.minerID], apiKey: headers[.apiKey]).acting(as: minerID)
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
