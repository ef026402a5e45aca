import Hummingbird
import Synchronization

/// How many requests a server is answering right now, counted until the last byte of the response is
/// written (a streamed reply included), so a drain knows what is still in flight
/// (``APIServer/serve(_:inFlight:drainLimit:services:onDrain:)``).
public final class InFlightRequests: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    /// Requests whose response has not been written completely yet.
    public var current: Int { count.load(ordering: .relaxed) }

    /// The middleware that counts; ``APIRouter`` installs it first.
    func middleware<Context: RequestContext>() -> some RouterMiddleware<Context> {
        Counting(requests: self)
    }

    private struct Counting<Context: RequestContext>: RouterMiddleware {
        let requests: InFlightRequests

        func handle(_ request: Request, context: Context,
                    next: (Request, Context) async throws -> Response) async throws -> Response {
            requests.count.add(1, ordering: .relaxed)
            do {
                var response = try await next(request, context)
                let body = response.body
                response.body = ResponseBody(contentLength: body.contentLength) { [requests] writer in
                    defer { requests.count.subtract(1, ordering: .relaxed) }
                    try await body.write(writer)
                }
                return response
            } catch {
                requests.count.subtract(1, ordering: .relaxed)
                throw error
            }
        }
    }
}
