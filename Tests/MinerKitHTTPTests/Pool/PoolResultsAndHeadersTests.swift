import AsyncHTTPClient
import Foundation
import Hummingbird
import MinerKit
import MinerKitHTTP
import NIOCore
import Testing

/// Over real loopback HTTP: oversized auth headers get the JSON error body, results list verified ones
/// unless asked, and `/health` names the build.
@Suite("Pool results and headers over HTTP")
struct PoolResultsAndHeadersTests {
    let miner = SR25519KeyPair.generate()

    private static func get(_ port: Int, _ path: String, headers: HTTPFields) async throws -> (Int, JSONValue) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), JSONValue(jsonString: String(buffer: body)) ?? .null)
    }

    @Test(.timeLimit(.minutes(3)))
    func aHundredKilobyteSignatureGetsTheJSONErrorBody() async throws {
        let fixture = try await PoolHTTPFixture()
        let signer = fixture.signer
        let miner = self.miner
        try await fixture.serve { port in
            var headers = signer.headers(miner)
            headers[PoolSigner.signature] = String(repeating: "ab", count: 50_000)
            let (status, body) = try await Self.get(port, "/api/v1/results", headers: headers)
            #expect(status == 401)
            #expect(body["error_code"] == "auth_malformed_header" && body["detail"]?.stringValue?.isEmpty == false)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func resultsAreVerifiedOnesUnlessAskedAndHealthNamesTheBuild() async throws {
        let fixture = try await PoolHTTPFixture()
        let signer = fixture.signer
        let miner = self.miner
        try await fixture.serve { port in
            let (healthStatus, health) = try await Self.get(port, "/health", headers: [:])
            #expect(healthStatus == 200 && health["version"] == .string(MinerKitVersion.current))
            for (query, status) in [("", 200), ("?verified=true", 200), ("?verified=false", 200), ("?verified=any", 200),
                                    ("?verified=maybe", 422)] {
                let (got, body) = try await Self.get(port, "/api/v1/results\(query)", headers: signer.headers(miner))
                #expect(got == status, "\(query)")
                if status == 200 { #expect(body["count"] == 0) }
            }
        }
    }
}
