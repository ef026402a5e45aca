import Hummingbird
import NIOCore
import Synchronization

/// Tells a route when its client has gone: the connection's input closed (the client closed its
/// socket, for example on its own timeout) or the connection is gone altogether.
///
/// Hummingbird keeps a half-closed connection open so that an answer can still be written, and never
/// cancels a handler whose client left; a long poll asks this watch instead. One watch sits in every
/// connection's pipeline (``APIServer`` adds it); a route finds it with
/// ``APIRequestContext/connectionWatch()``.
public final class ConnectionWatch: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    public typealias InboundIn = NIOAny

    private struct State {
        var closed = false
        var onClose: [UInt64: @Sendable () -> Void] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether the client has gone.
    public var isClosed: Bool { state.withLock { $0.closed } }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event as? ChannelEvent ?? .outputClosed { markClosed() }
        context.fireUserInboundEventTriggered(event)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        markClosed()
        context.fireChannelInactive()
    }

    /// Runs `body`, cancelling it as soon as the client goes (`body` sees a cancelled task).
    public func cancellingOnClose<T: Sendable>(_ body: @Sendable @escaping () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let id = state.withLock { state -> UInt64? in
            guard !state.closed else { return nil }
            state.nextID += 1
            state.onClose[state.nextID] = { task.cancel() }
            return state.nextID
        }
        if id == nil { task.cancel() }
        return try await withTaskCancellationHandler {
            defer { if let id { _ = state.withLock { $0.onClose.removeValue(forKey: id) } } }
            return try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    private func markClosed() {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.closed else { return [] }
            state.closed = true
            defer { state.onClose.removeAll() }
            return Array(state.onClose.values)
        }
        for callback in callbacks { callback() }
    }
}
