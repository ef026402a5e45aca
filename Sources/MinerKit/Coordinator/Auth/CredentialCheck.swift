import Foundation

/// Checks credentials against stored key hashes. Pure: it reads, never writes, so it may run inside a
/// unit of work that is retried.
///
/// Keys are ``APIKey``s: only their SHA-256 is stored, and the final comparison is constant-time.
/// Signed requests are verified (and their signature recorded against replays) once, before this
/// check, by ``RequestAuthenticator``; here only the verified signer is matched to the miner.
enum CredentialCheck {
    /// The client key record `credentials` authenticate, or 401: by the API key, else by a console
    /// session live at `now`.
    static func client(_ credentials: ClientCredentials, at now: Date, in db: any StoreReader) async throws -> ClientKeyRecord {
        if credentials.apiKey == nil, let text = credentials.consoleSession {
            guard let id = ConsoleSessionID(text), let session = try await db.consoleSession(hash: id.hash),
                  session.expiresAt > now, let record = try await db.clientKey(hash: session.clientKeyHash) else {
                throw MinerKitError(.unauthorized, code: "invalid_session", "the console session has ended; sign in again")
            }
            return record
        }
        let key = try apiKey(credentials.apiKey)
        guard let record = try await db.clientKey(hash: key.hash), key.matches(hash: record.keyHash) else {
            throw MinerKitError(.unauthorized, code: "invalid_api_key", "the API key is not a valid client key")
        }
        return record
    }

    /// The miner `credentials` authenticate as, or 401 (404 when the named miner does not exist).
    /// `signer` is the verified key of a signed request: it authenticates the miner registered with
    /// that public key (whose id defaults to the `X-Key` value). A key sent without a miner id finds
    /// its miner by the key's hash: miner keys are per-miner 256-bit random values, so the lookup is
    /// unique; a key held by several miners (registered by hand with the same key) is refused until
    /// the miner is named. A client key on a miner route is told how a miner gets its own key.
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
            return try await miner(holding: key, in: db)
        }
        let miner = try await require(minerID, in: db)
        guard let hash = miner.apiKeyHash, key.matches(hash: hash) else {
            try await refuseClientKey(key, in: db)
            throw MinerKitError(.unauthorized, code: "invalid_api_key", "the API key is not miner \(minerID)'s key")
        }
        return miner
    }

    /// The one miner whose key is `key` (a request that names no miner).
    private static func miner(holding key: APIKey, in db: any StoreReader) async throws -> Miner {
        let holders = try await db.miners(apiKeyHash: key.hash, limit: 2)
        guard let miner = holders.first, let hash = miner.apiKeyHash, key.matches(hash: hash) else {
            try await refuseClientKey(key, in: db)
            throw MinerKitError(.unauthorized, code: "invalid_api_key", "the API key is not a miner's key")
        }
        guard holders.count == 1 else {
            throw MinerKitError(.unauthorized, code: "shared_api_key",
                                "this key is registered to several miners; name the miner in X-Miner-ID or ?miner_id=")
        }
        return miner
    }

    /// Throws the explanation when `key` is a client key sent to a miner route.
    private static func refuseClientKey(_ key: APIKey, in db: any StoreReader) async throws {
        guard try await db.clientKey(hash: key.hash) != nil else { return }
        throw MinerKitError(.unauthorized, code: "client_key_on_miner_route", Self.minerKeyHint)
    }

    /// How a miner gets a key of its own (said whenever a client key reaches a miner route).
    static let minerKeyHint = "this is a client key (for /v1/jobs); a miner needs its own key: the operator creates one "
        + "with `minerkit keys miner create --database DB --miner-id ID`, or POST /v1/miners or "
        + "POST /v1/miners/register without a key returns one, once"


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
