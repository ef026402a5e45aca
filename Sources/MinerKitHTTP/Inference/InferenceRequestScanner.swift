import Foundation
import Hummingbird

/// Finds `audio_data` and `sample_rate` in an inference request body without turning the (up to tens of
/// megabytes of) base64 audio into a Swift `String`: the audio comes back as a `Data` view of the body.
///
/// It is only a fast path for the plain shape every client sends. Whenever the body is anything else
/// (an escape inside the audio string or a key, a non-integer rate, a duplicate or missing key, a
/// malformed object) it returns `nil`, and the route falls back to the JSON decoder, which reports the
/// proper error. Values of other keys are skipped structurally, not validated. Every loop advances
/// through the body, so the scan is linear and always ends.
enum InferenceRequestScanner {
    static func scan(_ body: ByteBuffer) -> (audio: Data, sampleRate: Int)? {
        let found: (Range<Int>, Int)? = body.withUnsafeReadableBytes { raw in
            var scanner = Cursor(bytes: raw)
            return scanner.object()
        }
        guard let (range, rate) = found,
              let slice = body.getSlice(at: body.readerIndex + range.lowerBound, length: range.count) else { return nil }
        return (Data(buffer: slice, byteTransferStrategy: .noCopy), rate)
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var i = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        var current: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 }
        }

        mutating func take(_ c: UInt8) -> Bool {
            skipSpace()
            guard current == c else { return false }
            i += 1
            return true
        }

        /// A string without escapes; returns the range of its contents.
        mutating func plainString() -> Range<Int>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while let c = current, c != UInt8(ascii: "\"") {
                if c == UInt8(ascii: "\\") { return nil }
                i += 1
            }
            guard current != nil else { return nil }
            i += 1
            return start..<i - 1
        }

        mutating func integer() -> Int? {
            skipSpace()
            let start = i
            if current == UInt8(ascii: "-") { i += 1 }
            while let c = current, c >= 0x30 && c <= 0x39, i - start < 10 { i += 1 }
            guard let c = current, c != UInt8(ascii: "."), c != UInt8(ascii: "e"), c != UInt8(ascii: "E"),
                  !(c >= 0x30 && c <= 0x39) else { return nil }
            return Int(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
        }

        /// Skips any JSON value (strings with escapes, nested objects and arrays, scalars).
        mutating func skipValue() -> Bool {
            skipSpace()
            var depth = 0
            repeat {
                guard let c = current else { return false }
                switch c {
                case UInt8(ascii: "\""):
                    i += 1
                    while let s = current, s != UInt8(ascii: "\"") { i += s == UInt8(ascii: "\\") ? 2 : 1 }
                    guard current != nil else { return false }
                    i += 1
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard depth > 0 else { return false }
                    depth -= 1
                    i += 1
                case UInt8(ascii: ","), UInt8(ascii: ":"), 0x20, 0x09, 0x0A, 0x0D:
                    guard depth > 0 else { return true }
                    i += 1
                default:
                    i += 1
                }
            } while depth > 0 || !(current.map { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") } ?? true)
            return true
        }

        mutating func object() -> (Range<Int>, Int)? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var audio: Range<Int>?, rate: Int?
            repeat {
                guard let key = plainString(), take(UInt8(ascii: ":")) else { return nil }
                switch String(decoding: UnsafeRawBufferPointer(rebasing: bytes[key]), as: UTF8.self) {
                case "audio_data":
                    guard audio == nil, let value = plainString() else { return nil }
                    audio = value
                case "sample_rate":
                    guard rate == nil, let value = integer() else { return nil }
                    rate = value
                default:
                    guard skipValue() else { return nil }
                }
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
            skipSpace()
            guard current == nil, let audio, let rate else { return nil }
            return (audio, rate)
        }
    }
}
