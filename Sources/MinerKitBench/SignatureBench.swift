import Foundation
import MinerKit

/// Ed25519 and sr25519 signature verifications per second on one core (sequential loop), two rounds each.
enum SignatureBench {
    static func run() async throws {
        let iterations = 4000
        let message = Array("auth:1700000000".utf8)
        let ed = Ed25519KeyPair.generate()
        let sr = SR25519KeyPair.generate()
        let edSignature = ed.sign(message)
        let srSignature = sr.sign(message)
        for round in 1...2 {
            let edRate = try measure(iterations) { ed.publicKey.verify(signature: edSignature, message: message) }
            let srRate = try measure(iterations) { sr.publicKey.verify(signature: srSignature, message: message) }
            let srSignRate = try measure(iterations) { sr.publicKey.verify(signature: sr.sign(message), message: message) }
            print(String(format: "round %d: Ed25519 verify %8.0f/s   sr25519 verify %8.0f/s   sr25519 sign+verify %8.0f/s  (%d iterations each)",
                         round, edRate, srRate, srSignRate, iterations))
        }
    }

    /// Runs `body` `iterations` times and returns calls per second; throws if any call returns `false`.
    private static func measure(_ iterations: Int, _ body: () -> Bool) throws -> Double {
        let clock = ContinuousClock()
        var ok = true
        let elapsed = clock.measure {
            for _ in 0..<iterations { ok = body() && ok }
        }
        guard ok else { throw MinerKitError(.internal, code: "bench_verify_failed", "a benchmark signature did not verify") }
        let seconds = elapsed.timeInterval
        return Double(iterations) / seconds
    }
}
