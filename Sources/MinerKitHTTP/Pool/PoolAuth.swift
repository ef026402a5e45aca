import Foundation
import Hummingbird
import MinerKit

/// The pool's request checks: SR25519 signed requests for miner endpoints (through the core's
/// ``RequestAuthenticator``) and the optional monitor token.
public struct PoolAuth: Sendable {
    private let authenticator: RequestAuthenticator
    private let monitorToken: String?

    /// - Parameters:
    ///   - authenticator: verifies `X-Key` / `X-Timestamp` / `X-Signature`; the default accepts any
    ///     ss58 key as an sr25519 hotkey within 5 minutes and refuses replays.
    ///   - monitorToken: when set, `GET /api/v1/monitor/summary` needs it as `X-Monitor-Token` or
    ///     `Authorization: Bearer <token>`; when `nil` the summary is public.
    public init(authenticator: RequestAuthenticator, monitorToken: String? = nil) {
        self.authenticator = authenticator
        self.monitorToken = monitorToken
    }

    /// An authenticator for pool hotkeys: every key is verified as sr25519, addresses use prefix 42.
    /// Pool nodes sharing one database pass a shared `replays` guard.
    public static func hotkeyAuthenticator(clock: any TimeSource,
                                           replays: any ReplayGuard = ReplayCache(capacity: 100_000)) -> RequestAuthenticator {
        RequestAuthenticator(timeSource: clock, policy: .registered { _ in .sr25519 }, replays: replays)
    }

    /// Whether `GET /api/v1/monitor/summary` needs the monitor token.
    public var requiresMonitorToken: Bool { monitorToken != nil }

    /// The ss58 hotkey that signed `request`; 401 with the verifier's `auth_*` code otherwise.
    public func hotkey(of request: Request) async throws -> String {
        let key = try await authenticator.authenticate(key: request.headers[Self.key],
                                                 timestamp: request.headers[Self.timestamp],
                                                 signature: request.headers[Self.signature])
        return key.ss58
    }

    /// Refuses `request` with 401 `monitor_unauthorized` unless it carries the monitor token.
    public func checkMonitor(_ request: Request) throws {
        guard let monitorToken else { return }
        let bearer = request.headers[.authorization].flatMap { value in
            value.hasPrefix("Bearer ") ? String(value.dropFirst("Bearer ".count)) : nil
        }
        guard let given = request.headers[Self.monitor] ?? bearer, Self.same(given, monitorToken) else {
            throw MinerKitError(.unauthorized, code: "monitor_unauthorized", "a valid monitor token is required")
        }
    }

    /// Compares in time independent of where the strings differ.
    private static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // Header names are fixed ASCII tokens, so these initialisers cannot fail.
    static let key = HTTPFields.Element.Name(AuthHeaders.keyName)!
    static let timestamp = HTTPFields.Element.Name(AuthHeaders.timestampName)!
    static let signature = HTTPFields.Element.Name(AuthHeaders.signatureName)!
    static let monitor = HTTPFields.Element.Name("X-Monitor-Token")!
}
