import Testing

/// Groups every identity suite, so `swift test --filter IdentityTests` runs them all.
@Suite("Identity") enum IdentityTests {}
