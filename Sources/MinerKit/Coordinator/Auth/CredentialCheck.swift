/// Checks credentials against stored key hashes, inside the request's own transaction.
///
/// Keys are ``APIKey``s: only their SHA-256 is stored, and the final comparison is constant-time.
enum CredentialCheck {
    /// The client key record `credentials` authenticate, or 401.
    static func client(_ credentials: ClientCredentials, in db: any StoreReader) throws -> ClientKeyRecord {
        let key = try apiKey(credentials.apiKey)
        guard let record = try db.clientKey(hash: key.hash), key.matches(hash: record.keyHash) else {
            throw MinerKitError(.unauthorized, code: "invalid_api_key", "the API key is not a valid client key")
        }
        return record
    }

    /// The miner `credentials` authenticate as, or 401 (404 when the named miner does not exist).
    /// A signed request authenticates the miner registered with that public key (its id defaults to
    /// the `X-Key` value).
    static func miner(_ credentials: MinerCredentials, in db: any StoreReader,
                      signatures: RequestAuthenticator) throws -> Miner {
        if let signed = credentials.signedRequest {
            let signer = try signatures.authenticate(key: signed.key, timestamp: signed.timestamp, signature: signed.signature)
            let minerID = credentials.minerID ?? signed.key
            guard let miner = try db.miner(id: minerID) else {
                throw MinerKitError(.notFound, code: "miner_not_found", "no miner with id \(minerID)")
            }
            guard miner.attributes[MinerRules.publicKeyAttribute]?.stringValue == Hex.encode(signer.publicKey) else {
                throw MinerKitError(.unauthorized, code: "invalid_signer", "the request is not signed by miner \(minerID)'s key")
            }
            return miner
        }
        let key = try apiKey(credentials.apiKey)
        guard let minerID = credentials.minerID, !minerID.isEmpty else {
            throw MinerKitError(.unauthorized, code: "missing_miner_id", "name the miner in X-Miner-ID")
        }
        guard let miner = try db.miner(id: minerID) else {
            throw MinerKitError(.notFound, code: "miner_not_found", "no miner with id \(minerID)")
        }
        guard let hash = miner.apiKeyHash, key.matches(hash: hash) else {
            throw MinerKitError(.unauthorized, code: "invalid_api_key", "the API key is not miner \(minerID)'s key")
        }
        return miner
    }

    static func apiKey(_ text: String?) throws -> APIKey {
        guard let text, !text.isEmpty else {
            throw MinerKitError(.unauthorized, code: "missing_api_key", "send your API key in X-Api-Key")
        }
        return try APIKey(text)
    }
}
