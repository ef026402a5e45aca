import Foundation
import Synchronization

/// The client keys this process has found in the store, so a client's next request is authenticated
/// without a read.
///
/// Safe to keep without invalidation because a stored client key never changes and is never removed
/// (no API deletes or edits one): a key found once stays valid on every node. A key is still matched
/// in constant time against the remembered hash, as ``CredentialCheck`` does. Only keys that were
/// found are kept (an unknown key is asked about each time), and past `capacity` keys it starts over.
/// If client keys ever become revocable, this cache must be told, on every node, when one is revoked.
final class KnownClientKeys: Sendable {
    private let records = Mutex<[String: ClientKeyRecord]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The client `credentials` authenticate: from memory when the API key is known, else by `db` (401
    /// when the store does not know it either). A console session (which expires) is always read.
    func client(_ credentials: ClientCredentials, at now: Date, in db: any StoreReader) async throws -> ClientKeyRecord {
        guard let text = credentials.apiKey else { return try await CredentialCheck.client(credentials, at: now, in: db) }
        let key = try CredentialCheck.apiKey(text)
        if let known = records.withLock({ $0[key.hash] }), key.matches(hash: known.keyHash) { return known }
        let record = try await CredentialCheck.client(credentials, at: now, in: db)
        records.withLock { records in
            if records.count >= capacity { records.removeAll(keepingCapacity: true) }
            records[record.keyHash] = record
        }
        return record
    }
}
