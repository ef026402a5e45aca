import Synchronization

/// A miner request let in outside any unit of work: its signature verified and recorded, its rate
/// limit charged. The unit of work that serves it checks the credentials again with ``miner(in:)``.
struct MinerAdmission: Sendable {
    let credentials: MinerCredentials
    /// The verified signer of a signed request.
    let signer: AuthenticatedKey?

    /// The miner the credentials authenticate, checked against the row this unit of work reads (pure,
    /// so safe in a unit of work that is retried).
    func miner(in db: any StoreReader) async throws -> Miner {
        try await CredentialCheck.miner(credentials, signer: signer, in: db)
    }
}

/// The credentials of miners this process has already checked against the store, so that admitting
/// their next request (charging its rate limit before the unit of work) needs no read of its own.
///
/// Only a miner's identity is kept: its API key hash, or the public key it signs with. A key matches a
/// remembered hash in constant time, as ``CredentialCheck`` compares. The cache decides nothing alone:
/// every unit of work checks the credentials again against the row it reads, so a key changed in the
/// store is still refused there. Bounded: past `capacity` miners it starts over.
final class VerifiedMiners: Sendable {
    private struct Identity {
        var apiKeyHash: String?
        var publicKey: String?
    }

    private let identities = Mutex<[String: Identity]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The id of the miner `credentials` authenticate as, when a remembered identity proves it; `nil`
    /// when the store must be asked.
    func match(_ credentials: MinerCredentials, signer: AuthenticatedKey?) -> String? {
        if let signed = credentials.signedRequest, let signer {
            let minerID = credentials.minerID ?? signed.key
            guard let known = identities.withLock({ $0[minerID]?.publicKey }),
                  known == Hex.encode(signer.publicKey) else { return nil }
            return minerID
        }
        guard let minerID = credentials.minerID, !minerID.isEmpty, let text = credentials.apiKey,
              let known = identities.withLock({ $0[minerID]?.apiKeyHash }),
              let key = try? APIKey(text), key.matches(hash: known) else { return nil }
        return minerID
    }

    /// Remembers the identity of `miner`, whose credentials were just checked against the store.
    func remember(_ miner: Miner) {
        let identity = Identity(apiKeyHash: miner.apiKeyHash,
                                publicKey: miner.attributes[MinerRules.publicKeyAttribute]?.stringValue)
        identities.withLock { identities in
            if identities.count >= capacity, identities[miner.id] == nil { identities.removeAll(keepingCapacity: true) }
            identities[miner.id] = identity
        }
    }
}
