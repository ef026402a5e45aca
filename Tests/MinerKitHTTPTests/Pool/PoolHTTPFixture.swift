import Foundation
import Hummingbird
import HummingbirdTesting
import MinerKit
import MinerKitHTTP

/// A pool behind its routes, on a manual clock (or the system clock for clients that sign with real time).
struct PoolHTTPFixture {
    let pool: PoolService
    let clock: any TimeSource
    let router: APIRouter
    /// Signs requests at the fixture's time; Sendable, so test clients can capture it.
    var signer: PoolSigner { PoolSigner(clock: clock) }

    init(clock: any TimeSource = ManualTimeSource(start: Date(timeIntervalSince1970: 1_700_000_000)),
         monitorToken: String? = nil) async throws {
        self.clock = clock
        pool = try await PoolService.open(store: InMemoryPoolStore(), clock: clock)
        let auth = PoolAuth(authenticator: PoolAuth.hotkeyAuthenticator(clock: clock), monitorToken: monitorToken)
        router = APIRouter(maxBodyBytes: PoolRoutes.maxBodyBytes, groups: [PoolRoutes(pool: pool, auth: auth)])
    }

    /// Serves on 127.0.0.1 (a free port) while `body` runs, and returns once the server has shut down.
    func serve(_ body: @Sendable (Int) async throws -> Void) async throws {
        try await withLiveServer(router: router) { server in try await body(server.port) }
    }
}

/// Produces signed pool headers at a clock's current time.
struct PoolSigner: Sendable {
    let clock: any TimeSource

    /// Signed headers for `pair` now.
    func headers(_ pair: SR25519KeyPair) -> HTTPFields {
        let signed = AuthHeaders(signing: pair, at: clock.now())
        return [Self.key: signed.key, Self.timestamp: signed.timestamp, Self.signature: signed.signature,
                .contentType: "application/json"]
    }

    static let key = HTTPFields.Element.Name("X-Key")!
    static let timestamp = HTTPFields.Element.Name("X-Timestamp")!
    static let signature = HTTPFields.Element.Name("X-Signature")!
}

extension TestResponse {
    /// The JSON body as a dictionary.
    func json() throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }
}
