import Foundation
import MinerKitTesting
import Testing
@testable import MinerKit

/// Runs `python3 -c script` (``TestPython``) with `arguments`; returns stdout (trimmed) and the exit status.
private func python(_ script: String, _ arguments: [String] = []) throws -> (output: String, status: Int32) {
    let (executable, arguments) = TestPython.command(["-c", script] + arguments)
    let (termination, output) = try ChildProcess.capture(executable, arguments)
    return (output.trimmingCharacters(in: .whitespacesAndNewlines), termination.status)
}

/// Whether python3 with the `sr25519` module (py-sr25519-bindings, i.e. schnorrkel) is available.
private let schnorrkelAvailable: Bool = (try? python("import sr25519").status) == 0

extension IdentityTests {
    @Suite("Interop with schnorrkel (python sr25519)", .enabled(if: schnorrkelAvailable, "python3 with the sr25519 module is required"))
    struct SchnorrkelInterop {
        @Test func schnorrkelVerifiesMinerKitSignatures() throws {
            let seed = Sodium.randomBytes(32)
            let pair = try SR25519KeyPair(seed: seed)
            let messages = ["auth:1700000000", "", "hello, MinerKit ✓"].map { Array($0.utf8) }
            var args: [String] = [Hex.encode(seed), Hex.encode(pair.publicKey.bytes)]
            for message in messages { args += [Hex.encode(message), Hex.encode(pair.sign(message))] }
            var tampered = pair.sign(messages[0])
            tampered[5] ^= 1
            args += [Hex.encode(messages[0]), Hex.encode(tampered)]
            let script = """
            import sys, sr25519
            seed, pub = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2])
            print("pub", sr25519.pair_from_seed(seed)[0] == pub)
            rest = sys.argv[3:]
            for i in range(0, len(rest), 2):
                print("verify", sr25519.verify(bytes.fromhex(rest[i + 1]), bytes.fromhex(rest[i]), pub))
            """
            let result = try python(script, args)
            #expect(result.status == 0)
            #expect(result.output.split(separator: "\n") == ["pub True", "verify True", "verify True", "verify True", "verify False"])
        }

        @Test func minerKitVerifiesSchnorrkelSignatures() async throws {
            let seed = Sodium.randomBytes(32)
            let message = Array("auth:1735689600".utf8)
            let script = """
            import sys, sr25519
            kp = sr25519.pair_from_seed(bytes.fromhex(sys.argv[1]))
            print(kp[0].hex(), kp[1].hex(), sr25519.sign(kp, bytes.fromhex(sys.argv[2])).hex())
            """
            let result = try python(script, [Hex.encode(seed), Hex.encode(message)])
            #expect(result.status == 0)
            let fields = result.output.split(separator: " ").map(String.init)
            try #require(fields.count == 3)
            let pair = try SR25519KeyPair(seed: seed)
            #expect(Hex.encode(pair.publicKey.bytes) == fields[0])
            #expect(Hex.encode(SR25519KeyPair.expand(seed: seed)) == fields[1])
            #expect(pair.publicKey.verify(signature: bytes(fields[2]), message: message))
            #expect(!pair.publicKey.verify(signature: bytes(fields[2]), message: message + [0]))
            let auth = RequestAuthenticator(timeSource: ManualTimeSource(start: Date(timeIntervalSince1970: 1_735_689_650)))
            #expect(try await auth.authenticate(key: pair.publicKey.ss58(), timestamp: "1735689600", signature: "0x" + fields[2]).scheme == .sr25519)
        }
    }
}
