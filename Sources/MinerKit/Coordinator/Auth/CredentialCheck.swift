/// Checks credentials against stored key hashes. Pure: it reads, never writes, so it may run inside a
/// unit of work that is retried.
///
/// Keys are ``APIKey``s: only their SHA-256 is stored, and the final comparison is constant-time.
/// Signed requests are verified (and their signature recorded against replays) once, before this
/// check, by ``RequestAuthenticator``; here only the verified signer is matched to the miner.
enum CredentialCheck {
    /// The client key record `credentials` authenticate, or 401.
    static func client(_ credentials: ClientCredentials, in db: any StoreReader) async throws -> ClientKeyRecord {
        let key = try apiKey(credentials.apiKey)
        guard let record = try await db.clientKey(hash: key.hash), key.matches(hash: record.keyHash) else {
            throw MinerKitError(.unauthorized, code: "invalid_api_key", "the API key is not a valid client key")
        }
        return record
    }

    /// The miner `credentials` authenticate as, or 401 (404 when the named miner does not exist).
    /// `signer` is the verified key of a signed request: it authenticates the miner registered with
    /// that public key (whose id defaults to the `X-Key` value).
    static func miner(_ credentials: MinerCredentials, signer: AuthenticatedKey?,
                      in db: any StoreReader) async throws -> Miner {
        if let signed = credentials.signedRequest, let signer {
            let minerID = credentials.minerID ?? signed.key
            let miner = try await require(minerID, in: db)
            guard miner.attributes[MinerRules.publicKeyAttribute]?.stringValue == Hex.encode(signer.publicKey) else {
                throw MinerKitError(.unauthorized, code: "invalid_signer", "the request is not signed by miner \(minerID)'s key")
            }
            return miner
        }
        let key = try apiKey(credentials.apiKey)
        guard let minerID = credentials.minerID, !minerID.isEmpty else {
            throw MinerKitError(.unauthorized, code: "missing_miner_id", "name the miner in X-Miner-ID")
        }
        let miner = try await require(minerID, in: db)
        guard let hash = miner.apiKeyHash, key.matches(hash: hash) else {
            throw MinerKitError(.unauthorized, code: "invalid_api_key", "the API key is not miner \(minerID)'s key")
        }
        return miner
    }

    /// The miner `id`, or 404.
    static func require(_ id: String, in db: any StoreReader) async throws -> Miner {
        guard let miner = try await db.miner(id: id) else {
            throw MinerKitError(.notFound, code: "miner_not_found", "no miner with id \(id)")
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
