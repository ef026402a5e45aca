import Testing
@testable import MinerKit

extension IdentityTests {
    @Suite("ss58")
    struct SS58Addresses {
        @Test func matchesSchnorrkelVectors() throws {
            for key in try SR25519Fixtures.load().keys {
                let pk = bytes(key.pubkey_hex)
                #expect(try SS58.encode(publicKey: pk, prefix: 42) == key.ss58_42)
                #expect(try SS58.encode(publicKey: pk, prefix: 0) == key.ss58_0_polkadot)
                #expect(try SS58.encode(publicKey: pk, prefix: 2) == key.ss58_2_kusama)
                let decoded = try SS58.decode(key.ss58_42)
                #expect(decoded.prefix == 42 && decoded.publicKey == pk)
                #expect(try SS58.decode(key.ss58_0_polkadot).prefix == 0)
                #expect(try SS58.decode(key.ss58_2_kusama).prefix == 2)
            }
        }

        @Test func workedExampleChecksum() throws {
            let payload = bytes("2ad43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
            #expect(Hex.encode(SS58.checksum(payload)) == "1d21")
        }

        @Test func twoBytePrefixesRoundTrip() throws {
            let pk = bytes("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
            for prefix: UInt16 in [64, 255, 256, 1284, 4242, 16383] {
                let address = try SS58.encode(publicKey: pk, prefix: prefix)
                let decoded = try SS58.decode(address)
                #expect(decoded.prefix == prefix && decoded.publicKey == pk, "\(prefix)")
            }
            // Substrate's packing for 1284 (Moonbeam): first byte 0x40 | (1284 >> 2 & 0x3f) = 0x41.
            let raw = try #require(Base58.decode(try SS58.encode(publicKey: pk, prefix: 1284)))
            #expect(raw[0] == 0x41 && raw[1] == 0x05 && raw.count == 36)
            #expect(throws: MinerKitError.self) { try SS58.encode(publicKey: pk, prefix: 16384) }
            #expect(throws: MinerKitError.self) { try SS58.encode(publicKey: Array(pk.dropLast()), prefix: 42) }
        }

        @Test func refusesMalformedAddresses() throws {
            let good = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
            var flipped = Array(good)
            flipped[10] = flipped[10] == "a" ? "b" : "a"
            let bad = [
                String(flipped),            // checksum mismatch
                String(good.dropLast()),    // wrong length
                good + "1",                 // wrong length
                "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKut0Y", // '0' is not base58
                "", "1",
                Base58.encode([0x80] + [UInt8](repeating: 1, count: 35)), // prefix form ≥ 128
                String(repeating: "z", count: 200),
            ]
            for address in bad {
                #expect(throws: MinerKitError.self, "\(address)") { try SS58.decode(address) }
            }
        }
    }
}
