import Foundation
import Testing
@testable import MinerKit

/// The schnorrkel-produced vectors in Fixtures/ (see /work/shared/vectors/README.md).
struct SR25519Fixtures: Decodable {
    struct Key: Decodable {
        var name: String
        var seed_hex: String
        var pubkey_hex: String
        var secret_key_hex: String
        var ss58_42: String
        var ss58_0_polkadot: String
        var ss58_2_kusama: String
        var signatures: [Case]
    }

    struct Case: Decodable {
        var name: String?
        var pubkey_hex: String?
        var message_hex: String
        var signature_hex: String
        var verifies: Bool
    }

    var keys: [Key]
    var negative: [Case]

    struct Intermediates: Decodable {
        struct Key: Decodable {
            var name: String
            var message: String
            var signature_hex: String
            var challenge_k_hex: String
            var s_unmarked_hex: String
            var sB_hex: String
            var kA_hex: String
            var R_hex: String
        }

        var merlin_equivalence_simple: String
        var keys: [Key]
    }

    static func load() throws -> SR25519Fixtures { try decode("sr25519_vectors") }
    static func intermediates() throws -> Intermediates { try decode("sr25519_intermediates") }

    private static func decode<T: Decodable>(_ name: String) throws -> T {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}

/// Hex decoding for fixtures, failing the test on bad hex.
func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex) ?? [] }
