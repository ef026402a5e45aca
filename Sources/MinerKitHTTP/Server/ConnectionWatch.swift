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
    ///
    /// `body` runs as a child task, so it runs where the calling task prefers to run (an isolated
    /// server's own threads) and is cancelled with it.
    public func cancellingOnClose<T: Sendable>(_ body: @Sendable @escaping () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Ending<T>.self) { group in
            group.addTask { .finished(try await body()) }
            group.addTask {
                await self.waitForClose()
                return .closed
            }
            defer { group.cancelAll() }
            guard case .finished(let value)? = try await group.next() else { throw CancellationError() }
            return value
        }
    }

    /// How ``cancellingOnClose(_:)``'s race ended.
    private enum Ending<T: Sendable>: Sendable {
        case finished(T)
        case closed
    }

    /// Returns once the client has gone, or the task is cancelled.
    private func waitForClose() async {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let registered = state.withLock { state in
                    guard !state.closed else { return false }
                    state.onClose[id] = { continuation.resume() }
                    return true
                }
                if !registered { return continuation.resume() }
                // A cancellation that came before the registration found nothing to resume.
                if Task.isCancelled { state.withLock { $0.onClose.removeValue(forKey: id) }?() }
            }
        } onCancel: {
            let callback = state.withLock { $0.onClose.removeValue(forKey: id) }
            callback?()
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
