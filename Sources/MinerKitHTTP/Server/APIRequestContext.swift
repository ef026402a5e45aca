import Foundation
import Hummingbird
import NIOCore

/// The request context every MinerKit HTTP API uses.
///
/// It carries Hummingbird's core storage and the request's connection: bodies are bounded by
/// ``BodyLimitMiddleware`` before a route runs, and routes decode and encode with ``APIJSON`` so errors
/// keep one JSON shape.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The body has already been collected within the app's limit, so Hummingbird's own cap is off.
    public var maxUploadSize: Int { .max }

    /// The connection's ``ConnectionWatch`` (`nil` on a server built without one, as in tests that
    /// drive the router directly).
    public func connectionWatch() async -> ConnectionWatch? {
        try? await channel.pipeline.handler(type: ConnectionWatch.self).get()
    }
}
