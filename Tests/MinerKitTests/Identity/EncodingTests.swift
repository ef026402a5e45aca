import Foundation
import Testing
@testable import MinerKit

extension IdentityTests {
    @Suite("Base58, Base64URL, canonical JSON")
    struct Encoding {
        @Test func base58KnownValues() {
            #expect(Base58.encode([]) == "")
            #expect(Base58.encode([0]) == "1")
            #expect(Base58.encode([0, 0, 1]) == "112")
            #expect(Base58.encode(Array("hello world".utf8)) == "StV1DL6CwTryKyV")
            #expect(Base58.decode("StV1DL6CwTryKyV") == Array("hello world".utf8))
            #expect(Base58.decode("112") == [0, 0, 1])
            for _ in 0..<50 {
                let bytes = [0, 0] + Sodium.randomBytes(Int.random(in: 0...40))
                #expect(Base58.decode(Base58.encode(bytes)) == bytes)
            }
        }

        @Test func base58RefusesForeignCharacters() {
            for bad in ["0", "O", "I", "l", "abc+", "5Grw vaEF", "é"] {
                #expect(Base58.decode(bad) == nil, "\(bad)")
            }
        }

        @Test func base64URLRoundTripsUnpadded() {
            #expect(Base64URL.encode([]) == "")
            #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
            #expect(Base64URL.encode(Array("foobar".utf8)) == "Zm9vYmFy")
            #expect(Base64URL.encode(Array("fooba".utf8)) == "Zm9vYmE")
            #expect(Base64URL.encode(Array("foob".utf8)) == "Zm9vYg")
            for n in 0..<40 {
                let bytes = Sodium.randomBytes(n)
                let text = Base64URL.encode(bytes)
                #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
                #expect(Base64URL.decode(text) == bytes)
                #expect(text == Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                    .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))
            }
        }

        @Test func base64URLRefusesMalformed() {
            #expect(Base64URL.decode("Zm9vYg==") == nil, "padding")
            #expect(Base64URL.decode("Zm9v+g") == nil, "standard alphabet")
            #expect(Base64URL.decode("Zm9vY") == nil, "length 4n+1")
            #expect(Base64URL.decode("Zm9vYh") == nil, "non-zero trailing bits")
            #expect(Base64URL.decode("Zm 9") == nil)
        }

        @Test func canonicalJSONMatchesPython() throws {
            // Expected bytes from Python: json.dumps(drop_none(doc), sort_keys=True, separators=(",", ":")).
            let doc: JSONValue = .object([
                "z": .number(1), "a": .array([.number(1), .null, .number(2.5), .string("é\u{2028}😀")]),
                "m": .object(["y": .null, "b": .bool(true), "a": .string("q\"\\/\n\t\u{01}\u{7f}")]),
                "n": .number(-3), "f": .number(0.1), "big": .number(1e16), "small": .number(1e-05),
                "neg": .number(-0.0001), "e": .number(1.5e300), "int": .number(9_007_199_254_740_992),
                "é": .number(0), "Z": .bool(false),
            ])
            let expected = #"{"Z":false,"a":[1,null,2.5,"\u00e9\u2028\ud83d\ude00"],"big":1e+16,"e":1.5e+300,"f":0.1,"int":9007199254740992,"m":{"a":"q\"\\/\n\t\u0001\u007f","b":true},"n":-3,"neg":-0.0001,"small":1e-05,"z":1,"\u00e9":0}"#
            #expect(String(decoding: try CanonicalJSON.encode(doc), as: UTF8.self) == expected)
        }

        @Test func canonicalNumbersFollowPythonRepr() throws {
            let cases: [(Double, String)] = [
                (0, "0"), (-0.0, "0"), (3, "3"), (-42, "-42"), (0.1, "0.1"), (1e16, "1e+16"), (1e-05, "1e-05"),
                (0.0001, "0.0001"), (1.5e300, "1.5e+300"), (123456789.125, "123456789.125"),
                (1_152_921_504_606_846_976, "1.152921504606847e+18"), (1e22, "1e+22"), (Double.leastNonzeroMagnitude, "5e-324"),
                (9_007_199_254_740_994, "9007199254740994.0"), (1e15 + 0.5, "1000000000000000.5"), (-2.5e-7, "-2.5e-07"),
            ]
            for (value, text) in cases {
                #expect(try CanonicalJSON.number(value) == text, "\(value)")
            }
            #expect(throws: MinerKitError.self) { try CanonicalJSON.encode(.number(.nan)) }
            #expect(throws: MinerKitError.self) { try CanonicalJSON.encode(.array([.number(.infinity)])) }
        }

        @Test func canonicalBytesIgnoreFieldOrder() throws {
            let a = try #require(JSONValue(jsonString: #"{"job_id":"j1","miner":"m","units":3,"extra":null,"meta":{"b":1,"a":2}}"#))
            let b = try #require(JSONValue(jsonString: #"{"meta":{"a":2,"b":1},"units":3.0,"miner":"m","job_id":"j1"}"#))
            #expect(try CanonicalJSON.encode(a) == CanonicalJSON.encode(b))
            #expect(String(decoding: try CanonicalJSON.encode(a), as: UTF8.self) == #"{"job_id":"j1","meta":{"a":2,"b":1},"miner":"m","units":3}"#)
        }
    }
}
