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
/// A response counts until its last byte has been handed to the kernel, not until it was queued: the
/// idle wait starts only then, and a close asked for while the bytes of a finished reply are still
/// queued here (the one Hummingbird sends after a reply once a drain has begun, or the idle timer's) is
/// held until they are out. Closing at once dropped the queued rest of a large reply, so a client reading
/// slowly got a cut body after a `200`.
///
/// It reports the connection to the server's ``InFlightRequests`` (open, a request in flight, idle,
/// closed), which counts what a drain waits for and picks the connection idle the longest when the server
/// reaches ``ConnectionLimits/maxConnections``; the pick is closed here, on the connection's event loop,
/// only if it is still idle.
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
    private let roster: InFlightRequests
    /// This connection's id in ``roster`` once it is open.
    private var rosterID: UInt64?
    /// Requests whose head arrived and whose response has not been handed to the kernel whole.
    private var pendingResponses = 0
    /// Responses whose end was written but whose bytes are not all out yet.
    private var unsentEnds = 0
    /// A close asked for while ``unsentEnds`` > 0, done when they are out.
    private var heldClose: (mode: CloseMode, promise: EventLoopPromise<Void>?)?
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

    init(limits: ConnectionLimits, roster: InFlightRequests) {
        self.limits = limits
        self.roster = roster
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive {
            join(context)
            update(context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
        leave()
    }

    func channelActive(context: ChannelHandlerContext) {
        join(context)
        update(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        leave()
        context.fireChannelInactive()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard unsentEnds > 0, mode != .input else { return context.close(mode: mode, promise: promise) }
        guard var held = heldClose else { return heldClose = (mode, promise) }
        // Asked again: one close, the wider of the two, and both promises kept.
        if mode == .all { held.mode = .all }
        if let promise {
            if let first = held.promise { first.futureResult.cascade(to: promise) } else { held.promise = promise }
        }
        heldClose = held
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            pendingResponses += 1
            if pendingResponses == 1, let rosterID {
                roster.began(rosterID, method: head.method.rawValue, path: head.path ?? "")
            }
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
            // Writes complete in order: when the end is out, the whole response is.
            let sent = context.eventLoop.makePromise(of: Void.self)
            if let promise { sent.futureResult.cascade(to: promise) }
            unsentEnds += 1
            sent.futureResult.assumeIsolated().whenComplete { [self] _ in responseSent(context) }
            if readingBody, closeRequested { discardingBody = true }
            context.write(data, promise: sent)
            update(context)
            if discardingBody { context.read() }
        } else {
            context.write(data, promise: promise)
        }
    }

    /// A response's last byte was handed to the kernel (or the connection failed): the connection may
    /// go idle, and a close held for it happens now.
    private func responseSent(_ context: ChannelHandlerContext) {
        unsentEnds -= 1
        pendingResponses = max(0, pendingResponses - 1)
        if pendingResponses == 0, let rosterID, let victim = roster.delivered(rosterID) { victim() }
        if unsentEnds == 0, let held = heldClose {
            heldClose = nil
            context.close(mode: held.mode, promise: held.promise)
            return
        }
        if context.channel.isActive { update(context) }
    }

    // MARK: The server's roster

    /// Reports the open connection; at the connection limit, closes the one idle the longest.
    private func join(_ context: ChannelHandlerContext) {
        guard rosterID == nil else { return }
        let loop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        let (id, victim) = roster.opened(maxConnections: limits.maxConnections) {
            loop.execute { bound.value.handler.evictIfIdle(bound.value.context) }
        }
        rosterID = id
        victim?()
    }

    private func leave() {
        guard let rosterID else { return }
        self.rosterID = nil
        roster.closed(rosterID)
    }

    /// Closes this connection to admit a new one, unless a request arrived (or started arriving) since it
    /// was picked; then the roster picks another.
    private func evictIfIdle(_ context: ChannelHandlerContext) {
        guard let rosterID, context.channel.isActive else { return }
        guard pendingResponses == 0, !headStarted else {
            roster.declined(rosterID)?()
            return
        }
        context.close(promise: nil)
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
