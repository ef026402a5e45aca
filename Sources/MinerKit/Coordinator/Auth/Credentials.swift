/// What a client presented: its API key (`X-Api-Key`).
public struct ClientCredentials: Sendable, Equatable {
    public var apiKey: String?

    public init(apiKey: String?) {
        self.apiKey = apiKey
    }
}

/// What a miner presented: its id (`X-Miner-ID`, a path or a body field) and API key (`X-Api-Key`).
public struct MinerCredentials: Sendable, Equatable {
    public var minerID: String?
    public var apiKey: String?

    public init(minerID: String?, apiKey: String?) {
        self.minerID = minerID
        self.apiKey = apiKey
    }

    /// The same key acting as `minerID` (from a path or body); a different `X-Miner-ID` is refused,
    /// because a miner can act only as itself.
    public func acting(as minerID: String?) throws -> MinerCredentials {
        guard let minerID, !minerID.isEmpty else { return self }
        if let declared = self.minerID, !declared.isEmpty, declared != minerID {
            throw MinerKitError(.forbidden, code: "miner_mismatch",
                                "X-Miner-ID \(declared) cannot act as miner \(minerID)")
        }
        return MinerCredentials(minerID: minerID, apiKey: apiKey)
    }
}
