/// Remembers signatures already accepted, so a signed request is accepted once.
///
/// Checked once per request, before any transaction (a retried transaction must not meet its own
/// signature as a replay). ``ReplayCache`` is the in-process implementation; a shared-database
/// deployment keeps the signatures in a table every node consults.
public protocol ReplayGuard: Sendable {
    /// Records `signature` as used until `expiry` (unix seconds). `false` when it was already recorded
    /// and has not expired at `now`: a replay.
    func firstUse(of signature: [UInt8], expiry: Int64, now: Int64) async throws -> Bool
}
