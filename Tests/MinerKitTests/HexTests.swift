import Testing
@testable import MinerKit

@Suite("Hex")
struct HexTests {
    @Test func roundTrips() {
        let bytes: [UInt8] = [0, 1, 0xab, 0xff]
        #expect(Hex.encode(bytes) == "0001abff")
        #expect(Hex.decode("0001ABFF") == bytes)
        #expect(Hex.decode("0x0001abff") == bytes)
    }

    @Test func refusesMalformed() {
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
