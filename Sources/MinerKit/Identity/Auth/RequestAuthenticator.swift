import Foundation

/// Verifies signed requests (`X-Key`, `X-Timestamp`, `X-Signature`, see ``AuthHeaders``) for any adapter.
///
/// An HTTP adapter passes the three raw header values (`nil` when absent) and gets back the
/// ``AuthenticatedKey`` or a `MinerKitError` of kind `.unauthorized` whose `code` says why:
///
/// | code | when |
/// |---|---|
/// | `auth_missing_header` | a header is absent or empty |
/// | `auth_malformed_header` | `X-Key` is neither ss58 nor a `key_id` (or not a valid key), `X-Timestamp` is not 1–12 decimal digits, `X-Signature` is not hex of 64 bytes (optional `0x`) |
/// | `auth_expired_timestamp` | `X-Timestamp` is more than `window` seconds from server time, either way |
/// | `auth_unknown_key` | the ``KeyPolicy`` does not accept the key |
/// | `auth_bad_signature` | the signature does not verify |
/// | `auth_replayed` | the same signature was already accepted and its window has not ended |
///
/// Checks run in that order, so unauthenticated requests never reach (or fill) the replay cache.
/// Details name the failing header but never echo header values. Safe to share between tasks; the
/// replay check records the signature, so call it once per request, outside any unit of work.
public struct RequestAuthenticator: Sendable {
    /// The default freshness window: 300 s, the pool API's "within 5 minutes".
    public static let defaultWindow: Int64 = 300

    private let timeSource: any TimeSource
    private let policy: KeyPolicy
    private let window: Int64
    private let ss58Prefix: UInt16
    private let replays: any ReplayGuard

    /// - Parameters:
    ///   - timeSource: server time (tests pass a `ManualTimeSource`).
    ///   - policy: which keys may authenticate, and their schemes.
    ///   - window: maximal distance, in seconds, between `X-Timestamp` and server time.
    ///   - replays: where accepted signatures are remembered (this process's ``ReplayCache`` by default,
    ///     or a guard shared by every node).
    ///   - ss58Prefix: the network prefix of the returned ``AuthenticatedKey/ss58``.
    public init(timeSource: any TimeSource, policy: KeyPolicy = .anyKey, window: Int64 = defaultWindow,
                replays: any ReplayGuard = ReplayCache(capacity: 100_000),
                ss58Prefix: UInt16 = SS58.genericSubstratePrefix) {
        self.timeSource = timeSource
        self.policy = policy
        self.window = window
        self.ss58Prefix = ss58Prefix
        self.replays = replays
    }

    /// Authenticates one request from its raw header values.
    public func authenticate(key: String?, timestamp: String?, signature: String?) async throws -> AuthenticatedKey {
        let keyText = try present(key, AuthHeaders.keyName)
        let timestampText = try present(timestamp, AuthHeaders.timestampName)
        let signatureText = try present(signature, AuthHeaders.signatureName)

        let (publicKey, form) = try parseKey(keyText)
        guard let seconds = Self.parseTimestamp(timestampText) else {
            throw refusal("auth_malformed_header", "X-Timestamp must be unix seconds in decimal")
        }
        guard let signatureBytes = Hex.decode(signatureText), signatureBytes.count == 64 else {
            throw refusal("auth_malformed_header", "X-Signature must be hex of a 64-byte signature")
        }

        let now = Int64(timeSource.now().timeIntervalSince1970.rounded(.down))
        guard abs(seconds - now) <= window else {
            throw refusal("auth_expired_timestamp", "X-Timestamp is more than \(window) s from server time")
        }

        guard let scheme = policy.resolve(publicKey, form) else {
            throw refusal("auth_unknown_key", "X-Key names a key that is not registered")
        }
        let message = AuthHeaders.message(timestamp: timestampText)
        let verified: Bool
        switch scheme {
        case .sr25519:
            guard let key = try? SR25519PublicKey(bytes: publicKey) else {
                throw refusal("auth_malformed_header", "X-Key is not a valid sr25519 public key")
            }
            verified = key.verify(signature: signatureBytes, message: message)
        case .ed25519:
            // 32 bytes by construction in parseKey.
            verified = (try? Ed25519PublicKey(bytes: publicKey))?.verify(signature: signatureBytes, message: message) ?? false
        }
        guard verified else {
            throw refusal("auth_bad_signature", "X-Signature does not verify for X-Key over auth:{X-Timestamp}")
        }

        guard try await replays.firstUse(of: signatureBytes, expiry: seconds + window, now: now) else {
            throw refusal("auth_replayed", "this signature was already used; sign a new timestamp")
        }
        // 32-byte keys always encode.
        let address = (try? SS58.encode(publicKey: publicKey, prefix: ss58Prefix)) ?? ""
        return AuthenticatedKey(publicKey: publicKey, scheme: scheme, ss58: address)
    }

    private func present(_ value: String?, _ name: String) throws -> String {
        guard let value, !value.isEmpty else { throw refusal("auth_missing_header", "\(name) header is required") }
        return value
    }

    private func parseKey(_ text: String) throws -> ([UInt8], KeyPolicy.KeyForm) {
        if text.utf8.count == 43, let bytes = Base64URL.decode(text), bytes.count == 32 {
            return (bytes, .keyID)
        }
        if let decoded = try? SS58.decode(text) {
            return (decoded.publicKey, .ss58)
        }
        throw refusal("auth_malformed_header", "X-Key must be an ss58 address or an Ed25519 key_id")
    }

    /// 1 to 12 ASCII digits (up to year ~33658), nothing else.
    private static func parseTimestamp(_ text: String) -> Int64? {
        let utf8 = text.utf8
        guard (1...12).contains(utf8.count), utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int64(text)
    }

    private func refusal(_ code: String, _ detail: String) -> MinerKitError {
        MinerKitError(.unauthorized, code: code, detail)
    }
}
