import Testing
@testable import MinerKit

extension IdentityTests {
    @Suite("Keccak, STROBE, Merlin")
    struct Merlin {
        @Test func keccakPermutationOfZeroState() {
            var lanes = [UInt64](repeating: 0, count: 25)
            KeccakF1600.permute(&lanes)
            #expect(lanes[0] == 0xF125_8F79_40E1_DDE7)
            #expect(lanes[1] == 0x84D5_CCF9_33C0_478A)
            #expect(lanes[24] == 0xEAF1_FF7B_5CEC_A249)
            // A second permutation (the published "state after second permutation" first lane).
            KeccakF1600.permute(&lanes)
            #expect(lanes[0] == 0x2D5C_954D_F96E_CB3C)
        }

        @Test func merlinSimpleTranscriptEquivalence() throws {
            var t = MerlinTranscript(label: "test protocol")
            t.append(label: "some label", Array("some data".utf8))
            let challenge = t.challengeBytes(label: "challenge", count: 32)
            let expected = "d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615"
            #expect(Hex.encode(challenge) == expected)
            #expect(try SR25519Fixtures.intermediates().merlin_equivalence_simple == expected)
        }

        @Test func transcriptFramingSeparatesMessages() {
            var a = MerlinTranscript(label: "p")
            a.append(label: "x", Array("ab".utf8))
            a.append(label: "x", Array("c".utf8))
            var b = MerlinTranscript(label: "p")
            b.append(label: "x", Array("a".utf8))
            b.append(label: "x", Array("bc".utf8))
            #expect(a.challengeBytes(label: "c", count: 32) != b.challengeBytes(label: "c", count: 32))
        }

        @Test func witnessBytesDependOnWitnessAndRandomness() {
            let t = MerlinTranscript(label: "p")
            let base = t.witnessBytes(label: "signing", witness: [1, 2, 3], random: [UInt8](repeating: 7, count: 32), count: 64)
            #expect(base.count == 64)
            #expect(base == t.witnessBytes(label: "signing", witness: [1, 2, 3], random: [UInt8](repeating: 7, count: 32), count: 64))
            #expect(base != t.witnessBytes(label: "signing", witness: [1, 2, 4], random: [UInt8](repeating: 7, count: 32), count: 64))
            #expect(base != t.witnessBytes(label: "signing", witness: [1, 2, 3], random: [UInt8](repeating: 8, count: 32), count: 64))
        }
    }
}
