/// One named behaviour of a conformance suite (``StoreConformance/Check``, ``PoolStoreConformance/Check``):
/// a check run on a fresh `Subject` (the store it checks) that throws ``ConformanceFailure`` when the
/// subject does not behave as its contract says.
public struct ConformanceCheck<Subject>: Sendable, CustomStringConvertible {
    /// The behaviour checked, as a sentence.
    public let name: String
    let body: @Sendable (Subject, Expectations) async throws -> Void

    public var description: String { name }

    /// Runs the check on a fresh subject from `makeSubject`.
    public func run(_ makeSubject: @Sendable () async throws -> Subject) async throws {
        try await body(try await makeSubject(), Expectations(check: name))
    }
}
