import Hummingbird
import Logging
import MinerKit

/// Writes one structured line per answered request, at `info`: request id (`hb.request.id`, also
/// carried by every other line about the request), method, route template (`/v1/jobs/{job_id}`, never
/// the path with its ids or query), status, duration, and who asked: `miner_id` (`X-Miner-ID`), `hotkey`
/// (the pool's `X-Key`, an SS58 address) or `client_key` (the first 12 hex digits of the SHA-256 of the
/// `X-Api-Key`, the hash the server stores, so an operator can find the key without the log holding it).
/// Never a key, a signature, a header value beyond those, or a body.
///
/// ```
/// info minerkit.coordinator : hb.request.id=7 method=POST route=/v1/jobs status=201 duration_ms=1.84 client_key=3f9a0c1b27de request
/// ```
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status.code, since: started)
            return response
        } catch {
            log(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: started)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since started: ContinuousClock.Instant) {
        guard context.logger.logLevel <= .info else { return }
        let milliseconds = (ContinuousClock.now - started).timeInterval * 1000
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "route": .string(context.endpointPath ?? "unmatched"),
            "status": .stringConvertible(status),
            "duration_ms": .string(String(Double(Int(milliseconds * 100)) / 100)),
        ]
        if let miner = request.headers[.minerID] {
            metadata["miner_id"] = .string(String(miner.prefix(128)))
        } else if let hotkey = request.headers[.signedKey] {
            metadata["hotkey"] = .string(String(hotkey.prefix(64)))
        }
        if let text = request.headers[.apiKey], request.headers[.minerID] == nil, let key = try? APIKey(text) {
            metadata["client_key"] = .string(String(key.hash.prefix(12)))
        }
        context.logger.info("request", metadata: metadata)
    }
}
