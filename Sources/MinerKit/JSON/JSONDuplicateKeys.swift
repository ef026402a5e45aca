import Foundation

/// Refuses JSON text in which an object repeats a key.
///
/// Such a text is ambiguous: Python's `json`, `jq` and AITBC's verifier keep the last copy, Foundation's
/// `JSONDecoder` keeps one silently, so a receipt with `"provider": "mallory"` appended would mean one
/// thing to its verifier and another to its reader. MinerKit's own parser (``JSONValue/init(parsing:)``)
/// refuses it; text headed for a `Codable` decoder goes through ``check(_:)-(UnsafeRawBufferPointer)``
/// first (``JSONDecoder/decodeUniqueKeys(_:from:)`` does both).
///
/// The check is a single pass over the bytes that builds no values (keys are compared in place; only
/// keys written with escapes are decoded), so it is cheap enough for every request body. Text that is
/// not JSON passes the check untouched: the decoder that follows refuses it with its own error.
public enum JSONDuplicateKeys {
    /// Throws `MinerKitError(.invalidInput, code: "duplicate_key")` naming the first repeated key and
    /// the path of its object.
    public static func check(_ bytes: UnsafeRawBufferPointer) throws {
        var scanner = Scanner(bytes: bytes.assumingMemoryBound(to: UInt8.self))
        if let found = scanner.firstDuplicate() { throw error(key: found.key, path: found.path) }
    }

    /// ``check(_:)-(UnsafeRawBufferPointer)`` over `data`.
    public static func check(_ data: Data) throws {
        try data.withUnsafeBytes { try check($0) }
    }

    /// The error for `key` repeated in the object at `path`.
    static func error(key: String, path: [JSONPathComponent]) -> MinerKitError {
        MinerKitError(.invalidInput, code: "duplicate_key",
                      "the key \"\(key)\" appears more than once in the object at \(JSONPathComponent.describe(path)); "
                          + "a JSON object with a repeated key is ambiguous and is refused")
    }

    private struct Scanner {
        /// A key's bytes: a range of the input, or of `decoded` for a key written with escapes.
        struct Key {
            var start: Int
            var end: Int
            var decoded: Bool
        }

        struct Level {
            let isObject: Bool
            /// Index in `keys` of this object's first key.
            let firstKey: Int
            /// Items before the current one, in an array.
            var index = 0
            /// Each key's hash to the index (in `keys`) of a key with that hash, once an object holds more
            /// than `linearLimit` keys.
            var hashed: [Int: Int]?
        }

        static let linearLimit = 16

        let bytes: UnsafeBufferPointer<UInt8>
        var keys: [Key] = []
        var decoded: [UInt8] = []
        var levels: [Level] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func firstDuplicate() -> (key: String, path: [JSONPathComponent])? {
            var position = 0
            var expectKey = false
            let count = bytes.count
            while position < count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    let start = position + 1
                    guard let end = closingQuote(after: start) else { return nil }  // unterminated: not JSON
                    position = end + 1
                    if expectKey {
                        expectKey = false
                        guard let key = key(start: start, end: end) else { return nil }
                        if insertIsDuplicate(key) { return (text(of: key), path()) }
                    }
                case UInt8(ascii: "{"):
                    levels.append(Level(isObject: true, firstKey: keys.count))
                    expectKey = true
                    position += 1
                case UInt8(ascii: "["):
                    levels.append(Level(isObject: false, firstKey: keys.count))
                    expectKey = false
                    position += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if let level = levels.popLast(), level.isObject {
                        keys.removeSubrange(level.firstKey...)
                        if keys.isEmpty { decoded.removeAll(keepingCapacity: true) }
                    }
                    expectKey = false
                    position += 1
                case UInt8(ascii: ","):
                    if let last = levels.indices.last {
                        if levels[last].isObject { expectKey = true } else { levels[last].index += 1 }
                    }
                    position += 1
                default:
                    position += 1
                }
            }
            return nil
        }

        /// The index of the quote closing a string whose text starts at `start` (a quote is escaped when an
        /// odd number of backslashes precede it). `memchr` finds quotes at memory speed; base64 audio and
        /// other long strings are most of a large body.
        private func closingQuote(after start: Int) -> Int? {
            let base = bytes.baseAddress!
            var from = start
            while from < bytes.count {
                guard let found = memchr(base + from, Int32(UInt8(ascii: "\"")), bytes.count - from) else { return nil }
                let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                var backslashes = 0
                while quote - backslashes - 1 >= start, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
                if backslashes % 2 == 0 { return quote }
                from = quote + 1
            }
            return nil
        }

        /// The key between `start` and `end`; one written with escapes is decoded into `decoded`
        /// (`nil` for an escape that is not JSON).
        private mutating func key(start: Int, end: Int) -> Key? {
            let base = bytes.baseAddress!
            guard memchr(base + start, Int32(UInt8(ascii: "\\")), end - start) != nil else {
                return Key(start: start, end: end, decoded: false)
            }
            guard case .string(let text)? = JSONText.parse(UnsafeBufferPointer(rebasing: bytes[(start - 1)...end])) else {
                return nil
            }
            let from = decoded.count
            decoded.append(contentsOf: text.utf8)
            return Key(start: from, end: decoded.count, decoded: true)
        }

        private func bytes(of key: Key) -> [UInt8] {
            key.decoded ? Array(decoded[key.start..<key.end]) : Array(bytes[key.start..<key.end])
        }

        private func same(_ a: Key, _ b: Key) -> Bool {
            guard a.end - a.start == b.end - b.start else { return false }
            if !a.decoded, !b.decoded {
                return memcmp(bytes.baseAddress! + a.start, bytes.baseAddress! + b.start, a.end - a.start) == 0
            }
            return bytes(of: a) == bytes(of: b)
        }

        /// Adds `key` to the innermost object; `true` when it was there already.
        private mutating func insertIsDuplicate(_ key: Key) -> Bool {
            guard let last = levels.indices.last, levels[last].isObject else { return false }
            let first = levels[last].firstKey
            guard levels[last].hashed != nil else {
                for index in first..<keys.count where same(keys[index], key) { return true }
                keys.append(key)
                if keys.count - first > Self.linearLimit {
                    var hashed: [Int: Int] = [:]
                    for index in first..<keys.count { hashed[hash(keys[index])] = index }
                    levels[last].hashed = hashed
                }
                return false
            }
            let hash = hash(key)
            if let index = levels[last].hashed![hash] {
                if same(keys[index], key) { return true }
                // Two keys with one hash: compare with every key of the object.
                for index in first..<keys.count where same(keys[index], key) { return true }
            } else {
                levels[last].hashed![hash] = keys.count
            }
            keys.append(key)
            return false
        }

        private func hash(_ key: Key) -> Int {
            var hasher = Hasher()
            if key.decoded {
                decoded[key.start..<key.end].withUnsafeBytes { hasher.combine(bytes: $0) }
            } else {
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[key.start..<key.end]))
            }
            return hasher.finalize()
        }

        private func text(of key: Key) -> String { String(decoding: bytes(of: key), as: UTF8.self) }

        /// The path of the innermost object (each enclosing level's current key or index).
        private func path() -> [JSONPathComponent] {
            var path: [JSONPathComponent] = []
            for (depth, level) in levels.dropLast().enumerated() {
                if level.isObject {
                    // The key that opened the next level is the last one this object holds.
                    let next = depth + 1 < levels.count ? levels[depth + 1].firstKey : keys.count
                    if next > level.firstKey { path.append(.key(text(of: keys[next - 1]))) }
                } else {
                    path.append(.index(level.index))
                }
            }
            return path
        }
    }
}

extension JSONDecoder {
    /// Decodes `T` from `data` after refusing (``JSONDuplicateKeys``) an object with a repeated key, which
    /// `JSONDecoder` alone reads silently.
    public func decodeUniqueKeys<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDuplicateKeys.check(data)
        return try decode(type, from: data)
    }
}
