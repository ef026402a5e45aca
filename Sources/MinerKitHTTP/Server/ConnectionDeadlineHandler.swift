import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Enforces ``ConnectionLimits``' timeouts on one HTTP/1 connection: it closes the connection when it
/// has been idle, sending a head or sending a body for longer than allowed. It sits after the HTTP
/// decoder, sees request parts and response parts, and learns that raw bytes arrived from
/// `channelReadComplete` (which the decoder passes on even when no complete part was decoded yet).
///
/// It also lets a refused body go: when a route answers (a 413, say) before the body was read and the
/// request said `Connection: close`, Hummingbird stops reading, and a client still writing its body
/// would never read the answer. The rest of that body is read and dropped here (within the body
/// timeout), so the client finishes sending, reads its answer and closes.
///
/// Event-loop confined, like every channel handler.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What the connection is waiting for, and so which timeout runs.
    private enum Wait: Equatable {
        case idle, head, body
        /// A route is working on a request: no timeout.
        case route
    }

    private let limits: ConnectionLimits
    /// Requests whose head arrived and whose response has not ended.
    private var pendingResponses = 0
    private var readingBody = false
    /// Bytes of a next head arrived while nothing else was going on.
    private var headStarted = false
    /// The request being read asked for `Connection: close`.
    private var closeRequested = false
    /// The route answered before the body was read: drop the rest of it.
    private var discardingBody = false
    private var waiting: Wait?
    private var deadline: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { update(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
    }

    func channelActive(context: ChannelHandlerContext) {
        update(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            pendingResponses += 1
            readingBody = true
            headStarted = false
            closeRequested = head.headerFields[.connection]?.lowercased().contains("close") == true
        case .body:
            if discardingBody { return }
        case .end:
            readingBody = false
            if discardingBody {
                discardingBody = false
                return
            }
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if !readingBody, pendingResponses == 0 { headStarted = true }
        update(context)
        context.fireChannelReadComplete()
        // Nobody downstream asks for more of a dropped body (the async channel may have stopped reading
        // when its buffer filled), so ask here.
        if discardingBody { context.read() }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            pendingResponses = max(0, pendingResponses - 1)
            if readingBody, closeRequested { discardingBody = true }
            context.write(data, promise: promise)
            update(context)
            if discardingBody { context.read() }
        } else {
            context.write(data, promise: promise)
        }
    }

    /// Starts the timeout for what the connection now waits for, unless that timeout already runs.
    private func update(_ context: ChannelHandlerContext) {
        let wanted: Wait = readingBody ? .body : pendingResponses > 0 ? .route : headStarted ? .head : .idle
        guard wanted != waiting else { return }
        cancelDeadline()
        waiting = wanted
        let timeout: Duration
        switch wanted {
        case .idle: timeout = limits.idleTimeout
        case .head: timeout = limits.headerTimeout
        case .body: timeout = limits.bodyTimeout
        case .route: return
        }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [self] in
            deadline = nil
            context.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }
}
