/// Something a test starts and must stop before it returns: a server, a cluster of processes, a
/// database server. ``withStarted(_:_:)`` ties its lifetime to a scope.
public protocol StoppableService: Sendable {
    /// Stops it and returns once it has stopped (requests in flight answered, threads and processes ended).
    func stop() async throws
}

/// Starts a service with `start`, runs `body` with it, and stops it before returning, whether `body`
/// returned or threw: the scope Hummingbird's live tests give a server (`app.test(.live) { client in … }`),
/// so no service outlives its test and the next test never meets a server still shutting down.
///
/// ```swift
/// try await withStarted { try await PostgresTestCluster.start() } { cluster in
///     let database = try await cluster.createDatabase()
///     …
/// }
/// ```
///
/// When `body` throws, its error is the one thrown; an error from stopping is then dropped.
public func withStarted<Service: StoppableService, Value>(
    _ start: () async throws -> Service,
    _ body: (Service) async throws -> Value
) async throws -> Value {
    let service = try await start()
    let value: Value
    do {
        value = try await body(service)
    } catch {
        try? await service.stop()
        throw error
    }
    try await service.stop()
    return value
}
