import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The HTTP client of command-line tools: a server that refuses the connection fails the request at
    /// once, and one that does not answer fails it after 5 s. (`HTTPClient.shared` keeps retrying to
    /// connect until the request's deadline, which made `minerkit jobs list` wait 30 s on a stopped
    /// coordinator.) Callers that retry do it themselves, with backoff and a visible message.
    public static let failFast: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
