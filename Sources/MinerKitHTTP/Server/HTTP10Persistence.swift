import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Gives HTTP/1.0 clients the connection semantics they expect.
///
/// Hummingbird keeps every connection open after a response unless the request says
/// `Connection: close`, but an HTTP/1.0 request without `Connection: keep-alive` means "close after
/// the response": `ab`, monitoring probes and load-balancer health checks that speak HTTP/1.0 read until
/// the connection closes and would wait out the idle timeout. This handler sits between NIO's HTTP/1
/// decoder and Hummingbird's HTTP-types codec, where the request's version is still known:
/// - an HTTP/1.0 request without keep-alive gets `Connection: close`, so the server closes after replying;
/// - the reply to an HTTP/1.0 request with keep-alive says `Connection: keep-alive`, as HTTP/1.0 requires
///   for the connection to stay usable.
/// HTTP/1.1 requests pass untouched.
final class HTTP10Persistence: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Whether each request not yet answered was HTTP/1.0 with keep-alive, in arrival order (replies
    /// leave in the same order). At most the requests a connection has in flight.
    private var keepAliveReplies: CircularBuffer<Bool> = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        let http10 = head.version == .http1_0
        keepAliveReplies.append(http10 && head.isKeepAlive)
        if http10 && !head.isKeepAlive {
            head.headers.replaceOrAdd(name: "connection", value: "close")
            return context.fireChannelRead(wrapInboundOut(.head(head)))
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where keepAliveReplies.first == true:
            head.headers.replaceOrAdd(name: "connection", value: "keep-alive")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            _ = keepAliveReplies.popFirst()
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }
}

/// Hummingbird's HTTP/1 child channel with ``HTTP10Persistence`` added between NIO's decoder and the
/// HTTP-types codec (``HTTP1Channel/Configuration/additionalChannelHandlers`` come after the codec,
/// where the request's version is no longer visible).
struct HTTP1ChannelWithHTTP10: ServerChildChannel {
    let base: HTTP1Channel
    /// Whether to add the handler (``ServerLayers/http10``).
    var http10 = true

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            guard http10 else { return value }
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(HTTP10Persistence(), position: .after(decoder))
            return value
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
