import Foundation

/// The three signed-request headers, and how a client produces them.
///
/// `X-Key` names the key (ss58 for sr25519, `key_id` for Ed25519), `X-Timestamp` is unix seconds in
/// decimal, and `X-Signature` is lowercase hex of the 64-byte signature over the UTF-8 bytes of
/// `auth:{X-Timestamp}` (sr25519 with signing context `substrate`).
public struct AuthHeaders: Sendable, Hashable {
    /// Header names, as sent.
    public static let keyName = "X-Key", timestampName = "X-Timestamp", signatureName = "X-Signature"

    /// The `X-Key` value.
    public var key: String
    /// The `X-Timestamp` value.
    public var timestamp: String
    /// The `X-Signature` value.
    public var signature: String

    /// Headers from raw values (e.g. as received, or produced by another client library).
    public init(key: String, timestamp: String, signature: String) {
        self.key = key
        self.timestamp = timestamp
        self.signature = signature
    }

    /// Headers signed by an sr25519 hotkey at `date`, naming the key by ss58 under `prefix`.
    public init(signing pair: SR25519KeyPair, at date: Date, prefix: UInt16 = SS58.genericSubstratePrefix) {
        let timestamp = Self.timestamp(date)
        self.init(key: pair.publicKey.ss58(prefix: prefix), timestamp: timestamp,
                  signature: Hex.encode(pair.sign(Self.message(timestamp: timestamp))))
    }

    /// Headers signed by an Ed25519 key at `date`, naming the key by `key_id`.
    public init(signing pair: Ed25519KeyPair, at date: Date) {
        let timestamp = Self.timestamp(date)
        self.init(key: pair.publicKey.keyID, timestamp: timestamp,
                  signature: Hex.encode(pair.sign(Self.message(timestamp: timestamp))))
    }

    /// The signed bytes: UTF-8 of `auth:{timestamp}`.
    public static func message(timestamp: String) -> [UInt8] { Array("auth:\(timestamp)".utf8) }

    private static func timestamp(_ date: Date) -> String {
        String(Int64(date.timeIntervalSince1970.rounded(.down)))
    }
}
