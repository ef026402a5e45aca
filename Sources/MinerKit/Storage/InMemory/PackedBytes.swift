import Foundation

/// Writes values into a compact byte form for records an ``InMemoryStore`` keeps but rarely reads
/// (finished jobs, receipts): a few hundred bytes instead of a few kilobytes of structs, dictionaries
/// and separately allocated strings. ``PackedReader`` reads them back exactly.
///
/// Integers are LEB128 varints (signed ones zigzagged), doubles and dates their 8-byte bit patterns.
/// Strings that end in a long run of lowercase hex (ids, digests, transaction ids) keep those digits as
/// bytes, and canonical unpadded base64url (signatures, key ids) is kept decoded.
struct PackedWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// What was written, in an array of exactly its size (``bytes`` keeps the spare capacity).
    var packed: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            count = buffer.initialize(fromContentsOf: bytes)
        }
    }

    mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func int(_ value: Int64) { unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func int(_ value: Int) { int(Int64(value)) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func date(_ value: Date) { double(value.timeIntervalSinceReferenceDate) }

    mutating func string(_ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ string(utf8: $0) }) == nil {
            var copy = value
            copy.makeContiguousUTF8()
            copy.utf8.withContiguousStorageIfAvailable { string(utf8: $0) }
        }
    }

    private mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        var start = utf8.count
        while start > 0, Self.isLowercaseHex(utf8[start - 1]) { start -= 1 }
        if utf8.count - start >= 16 {
            if (utf8.count - start) % 2 == 1 { start += 1 }
            bytes.append(StringForm.hexSuffix.rawValue)
            raw(utf8[..<start])
            // Lowercase hex digits of even count: this decodes.
            raw(Hex.decode(utf8: utf8[start...]) ?? [])
        } else if utf8.count >= 22, let decoded = Base64URL.decode(utf8: utf8) {
            // `decode` takes only canonical base64url, so `encode(decoded)` gives the text back exactly.
            bytes.append(StringForm.base64URL.rawValue)
            raw(decoded)
        } else {
            bytes.append(StringForm.text.rawValue)
            raw(utf8)
        }
    }

    /// Writes `value` as its number in `table`: for strings many records repeat.
    mutating func string(_ value: String, in table: StringTable) { unsigned(table.number(of: value)) }

    /// Writes a presence flag, then `value` with `write` when present.
    mutating func optional<T>(_ value: T?, _ write: (inout PackedWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func json(_ value: JSONValue) {
        switch value {
        case .null: bytes.append(0)
        case .bool(let b): bytes.append(b ? 2 : 1)
        case .number(let n): bytes.append(3); double(n)
        case .string(let s): bytes.append(4); string(s)
        case .array(let items):
            bytes.append(5)
            unsigned(UInt64(items.count))
            for item in items { json(item) }
        case .object(let members):
            bytes.append(6)
            unsigned(UInt64(members.count))
            for (key, member) in members {
                string(key)
                json(member)
            }
        }
    }

    private mutating func raw(_ chunk: some Collection<UInt8>) {
        unsigned(UInt64(chunk.count))
        bytes.append(contentsOf: chunk)
    }

    private static func isLowercaseHex(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) }
}

/// How ``PackedWriter`` stored a string.
enum StringForm: UInt8 {
    case text = 0, hexSuffix = 1, base64URL = 2
}

/// Reads what a ``PackedWriter`` wrote, in the same order.
struct PackedReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func unsigned() -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func int64() -> Int64 {
        let v = unsigned()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    mutating func int() -> Int { Int(int64()) }

    mutating func bool() -> Bool {
        position += 1
        return bytes[position - 1] != 0
    }

    mutating func double() -> Double {
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return Double(bitPattern: bits)
    }

    mutating func date() -> Date { Date(timeIntervalSinceReferenceDate: double()) }

    mutating func string() -> String {
        let form = StringForm(rawValue: bytes[position])
        position += 1
        switch form {
        case .hexSuffix:
            let prefix = raw()
            return String(decoding: prefix, as: UTF8.self) + Hex.encode(raw())
        case .base64URL:
            return Base64URL.encode(raw())
        case .text, nil:
            return String(decoding: raw(), as: UTF8.self)
        }
    }

    mutating func string(in table: StringTable) -> String { table.string(unsigned()) }

    mutating func optional<T>(_ read: (inout PackedReader) -> T) -> T? {
        bool() ? read(&self) : nil
    }

    mutating func json() -> JSONValue {
        let tag = bytes[position]
        position += 1
        switch tag {
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .number(double())
        case 4: return .string(string())
        case 5: return .array((0..<unsigned()).map { _ in json() })
        case 6:
            var members: [String: JSONValue] = [:]
            for _ in 0..<unsigned() {
                let key = string()
                members[key] = json()
            }
            return .object(members)
        default: return .null
        }
    }

    private mutating func raw() -> ArraySlice<UInt8> {
        let count = Int(unsigned())
        defer { position += count }
        return bytes[position..<position + count]
    }
}
