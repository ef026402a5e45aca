import Foundation
import Hummingbird
import Testing
@testable import MinerKitHTTP

@Suite("Inference request scanner")
struct InferenceRequestScannerTests {
    static func scan(_ json: String) -> (String, Int)? {
        InferenceRequestScanner.scan(ByteBuffer(string: json)).map { (String(decoding: $0.audio, as: UTF8.self), $0.sampleRate) }
    }

    @Test func readsThePlainShapeInAnyKeyOrder() {
        #expect(Self.scan(#"{"audio_data": "QUJD", "sample_rate": 16000}"#)! == ("QUJD", 16000))
        #expect(Self.scan(" {\n\"sample_rate\":44100 ,\"extra\": {\"a\": [1, \"}\\\"\", {}]}, \"audio_data\":\"eA==\"}\n")! == ("eA==", 44100))
        #expect(Self.scan(#"{"audio_data":"","sample_rate":-5,"n":null,"t":true}"#)! == ("", -5))
    }

    @Test func leavesEverythingElseToTheJSONDecoder() {
        let others = [
            #"{"audio_data": "a\/b", "sample_rate": 16000}"#,     // escape in the audio
            #"{"audio_data": "QUJD", "sample_rate": 16000.0}"#,   // not an integer
            #"{"audio_data": "QUJD", "sample_rate": "16000"}"#,
            #"{"audio_data": "QUJD"}"#,                           // missing key
            #"{"audio_data": "QUJD", "audio_data": "QUJD", "sample_rate": 1}"#,
            #"{"audio_data": "QUJD", "sample_rate": 16000"#,      // truncated
            #"{"audio_data": "QUJD", "sample_rate": 16000} x"#,   // trailing text
            #"{"audio_data": "QUJD", "sample_rate": 99999999999999}"#,
            #"{"x": [1, 2, "#,
            "",
            "[]",
        ]
        for json in others { #expect(Self.scan(json) == nil, "\(json)") }
    }
}
