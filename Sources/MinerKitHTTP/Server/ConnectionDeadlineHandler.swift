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
/// A connection keeps at most one timer, and a request does not touch it: state changes only note when
/// the current wait must end, and the timer, when it fires, closes the connection if that moment has
/// passed or sleeps again until it. It is moved earlier only when a wait needs an earlier end than the
/// one it is set for (the head timeout, shorter than the idle one). Scheduling and cancelling a timer
/// on every request was a measurable share of a small request's cost.
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
    /// When the current wait times out (`nil` while a route works).
    private var due: NIODeadline?
    /// The connection's one timer and the moment it is set for.
    private var timer: (task: Scheduled<Void>, at: NIODeadline)?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { update(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    func channelActive(context: ChannelHandlerContext) {
        update(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
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

    /// Notes when what the connection now waits for times out, unless it was already waiting for it.
    private func update(_ context: ChannelHandlerContext) {
        let wanted: Wait = readingBody ? .body : pendingResponses > 0 ? .route : headStarted ? .head : .idle
        guard wanted != waiting else { return }
        waiting = wanted
        let timeout: Duration
        switch wanted {
        case .idle: timeout = limits.idleTimeout
        case .head: timeout = limits.headerTimeout
        case .body: timeout = limits.bodyTimeout
        case .route:
            due = nil
            return
        }
        let end = NIODeadline.now() + TimeAmount(timeout)
        due = end
        if let timer {
            guard end < timer.at else { return }
            timer.task.cancel()
        }
        arm(context, at: end)
    }

    /// Sets the timer for `moment`; when it fires it closes the connection if its wait is over by then,
    /// sets itself for the wait's end if that moved later, and stops while a route works.
    private func arm(_ context: ChannelHandlerContext, at moment: NIODeadline) {
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: moment) { [self] in
            timer = nil
            guard let due else { return }
            if due <= .now() {
                context.close(promise: nil)
            } else {
                arm(context, at: due)
            }
        }
        timer = (task, moment)
    }

    private func cancelTimer() {
        timer?.task.cancel()
        timer = nil
    }
}
