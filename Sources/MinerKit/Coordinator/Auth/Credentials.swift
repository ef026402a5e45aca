/// What a client presented: its API key (`X-Api-Key`).
public struct ClientCredentials: Sendable, Equatable {
    public var apiKey: String?
    /// A console sign-in (``Coordinator/startConsoleSession(_:)``), used when there is no `apiKey`.
    public var consoleSession: String?

    public init(apiKey: String?, consoleSession: String? = nil) {
        self.apiKey = apiKey
        self.consoleSession = consoleSession
    }
}

/// What a miner presented: its id (`X-Miner-ID`, a path or a body field) and either its API key
/// (`X-Api-Key`) or a signed request (`X-Key`, `X-Timestamp`, `X-Signature`).
public struct MinerCredentials: Sendable, Equatable {
    public var minerID: String?
    public var apiKey: String?
    /// Signed-request headers; when present they are checked instead of `apiKey`.
    public var signedRequest: AuthHeaders?

    public init(minerID: String?, apiKey: String?, signedRequest: AuthHeaders? = nil) {
        self.minerID = minerID
        self.apiKey = apiKey
        self.signedRequest = signedRequest
    }

    /// The same key acting as `minerID` (from a path or body); a different `X-Miner-ID` is refused,
    /// because a miner can act only as itself.
    public func acting(as minerID: String?) throws -> MinerCredentials {
        guard let minerID, !minerID.isEmpty else { return self }
        if let declared = self.minerID, !declared.isEmpty, declared != minerID {
            throw MinerKitError(.forbidden, code: "miner_mismatch",
                                "X-Miner-ID \(declared) cannot act as miner \(minerID)")
        }
        return MinerCredentials(minerID: minerID, apiKey: apiKey, signedRequest: signedRequest)
    }
}
