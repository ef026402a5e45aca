import Foundation
import Hummingbird

/// The request context every MinerKit HTTP API uses.
///
/// It carries nothing beyond Hummingbird's core storage: bodies are bounded by ``BodyLimitMiddleware``
/// before a route runs, and routes decode and encode with ``APIJSON`` so errors keep one JSON shape.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The body has already been collected within the app's limit, so Hummingbird's own cap is off.
    public var maxUploadSize: Int { .max }
}
