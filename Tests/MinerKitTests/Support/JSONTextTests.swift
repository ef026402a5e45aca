import Foundation
import Testing
@testable import MinerKit

/// `JSONValue`'s own JSON text must be what Foundation's coders read and write, byte for byte.
@Suite("JSON text")
struct JSONTextTests {
    private static func foundationText(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    private static func foundationValue(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    private static let awkwardStrings = [
        "", "plain", "q\"uote", "back\\slash", "sl/ash", "\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\u{7f}",
        "é", "\u{2028}", "😀", "日本語", "a\"\\/\n\tz", "key with space", "Z", "a10", "a9", "_", "~",
    ]

    private static let awkwardNumbers: [Double] = [
        0, -0.0, 1, -1, 256, 0.7, 0.1, -0.5, 1e-5, .leastNonzeroMagnitude, 1e15, 1e15 + 0.5, 9_007_199_254_740_991,
        9_007_199_254_740_992, 9_007_199_254_740_994, 1e16, 1e21, 1e22, -1e300, 123456789.125, .pi,
        Double.greatestFiniteMagnitude, -Double.leastNormalMagnitude, 1_700_000_000.123,
    ]

    private static func randomValue(depth: Int = 0) -> JSONValue {
        switch Int.random(in: depth > 3 ? 0...3 : 0...5) {
        case 0: return .null
        case 1: return .bool(Bool.random())
        case 2:
            switch Int.random(in: 0...3) {
            case 0: return .number(awkwardNumbers.randomElement()!)
            case 1: return .number(Double(Int.random(in: -1_000_000...1_000_000)))
            case 2: return .number(Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF)) * (Bool.random() ? 1 : -1))
            default: return .number(Double.random(in: -1e6...1e6))
            }
        case 3: return .string(randomString())
        case 4: return .array((0..<Int.random(in: 0...4)).map { _ in randomValue(depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5) { members[randomString()] = randomValue(depth: depth + 1) }
            return .object(members)
        }
    }

    private static func randomString() -> String {
        if Bool.random() { return awkwardStrings.randomElement()! }
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{1f}", "\n", "é", "ß", "\u{ffff}", "😀", "\u{10ffff}"]
        return String(String.UnicodeScalarView((0..<Int.random(in: 0...8)).map { _ in pool.randomElement()! }))
    }

    @Test func writesWhatJSONEncoderWrites() {
        for string in Self.awkwardStrings {
            #expect(JSONValue.string(string).jsonString() == Self.foundationText(.string(string)), "\(string.debugDescription)")
        }
        for number in Self.awkwardNumbers + Self.awkwardNumbers.map(-) {
            #expect(JSONValue.number(number).jsonString() == Self.foundationText(.number(number)), "\(number)")
        }
        let keys = JSONValue.object(Dictionary(uniqueKeysWithValues: Self.awkwardStrings.map { ($0, JSONValue.null) }))
        #expect(keys.jsonString() == Self.foundationText(keys))
        for _ in 0..<500 {
            let value = Self.randomValue()
            #expect(value.jsonString() == Self.foundationText(value), "\(value)")
        }
    }

    @Test func refusesWhatJSONEncoderRefuses() {
        #expect(JSONValue.number(.nan).jsonString() == "null")
        #expect(JSONValue.object(["a": .array([.number(.infinity)])]).jsonString() == "null")
        var deep = JSONValue.null
        for _ in 0..<600 { deep = .array([deep]) }
        #expect(deep.jsonString() == Self.foundationText(deep))
    }

    @Test func readsWhatJSONDecoderReads() {
        for _ in 0..<500 {
            let text = Self.foundationText(Self.randomValue())
            #expect(JSONValue(jsonString: text) == Self.foundationValue(text), "\(text)")
        }
        let cases = [
            "null", "true", "false", "0", "-0", "1.5", "-1.5e3", "1E+2", "1e-7", " \n\t\r[1, 2 ,3]\n", "{}", "[]",
            #""\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\""#, #""\u0000""#, "123456789012345678901234567890",
            "0.1", "1.7976931348623157e308", "4.9e-324", "-0.0e-999", #"{"k": [null, {"x": "y"}]}"#,
            "[1,]", "[ 1 , \n]", #"{"a":1,}"#, #"{"a":1 , }"#,
            // Not JSON, or not a Double:
            "", " ", "nul", "truee", "01", "-", "1.", ".5", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "1e400",
            "[,1]", "[,]", "{,}", "[1,,]", "{\"a\"}", "{\"a\":}", "{a:1}", "[1 2]", "\"unterminated", "\"tab\there\"",
            "1e-400", "0.1e-400",
            #""\x""#, #""\u12""#, #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, "[1]]", "{} {}", "'a'",
        ]
        for text in cases {
            #expect(JSONValue(jsonString: text) == Self.foundationValue(text), "\(text)")
        }
        var deep = ""
        for _ in 0..<600 { deep = "[" + deep + "]" }
        #expect(JSONValue(jsonString: deep) == Self.foundationValue(deep))
    }

    /// Where `JSONDecoder` keeps one copy of a repeated key, MinerKit refuses the text as ambiguous.
    @Test func refusesARepeatedKeyThatJSONDecoderAccepts() {
        let text = #"{"a":1,"a":2}"#
        #expect(Self.foundationValue(text) != nil)
        #expect(JSONValue(jsonString: text) == nil)
    }
}
