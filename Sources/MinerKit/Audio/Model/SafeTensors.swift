import Foundation

/// A reader for the `safetensors` format: an 8-byte little-endian header length, a JSON header mapping
/// tensor names to `{dtype, shape, data_offsets}`, then the raw little-endian data.
///
/// Only `F32` tensors are accepted (what MinerKit's models store). The reader checks that every tensor's
/// byte range matches its shape, lies inside the file, and that the ranges tile the data exactly, so a
/// truncated or padded file is refused with `MinerKitError(.invalidInput, code: "invalid_safetensors")`.
public struct SafeTensors: Sendable {
    /// One tensor: its shape and float32 values in row-major order.
    public struct Tensor: Sendable, Equatable {
        public let shape: [Int]
        public let values: [Float]
    }

    public let tensors: [String: Tensor]
    /// The free-form `__metadata__` strings, if any.
    public let metadata: [String: String]

    /// Reads the file at `url`.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Self.bad("cannot read \(url.lastPathComponent)")
        }
        try self.init(data: data)
    }

    /// Parses safetensors bytes.
    public init(data: Data) throws {
        let b = [UInt8](data)
        guard b.count >= 8 else { throw Self.bad("file shorter than its 8-byte header length") }
        let n = (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[$1]) << (8 * UInt64($1)) }
        guard n >= 2, n <= 100_000_000, n <= UInt64(b.count - 8) else { throw Self.bad("header length \(n) does not fit the file") }
        let headerEnd = 8 + Int(n)
        guard let json = try? JSONSerialization.jsonObject(with: Data(b[8..<headerEnd])) as? [String: Any] else {
            throw Self.bad("header is not a JSON object")
        }
        let dataSize = b.count - headerEnd
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        var ranges: [(Int, Int)] = []
        for (name, entry) in json {
            if name == "__metadata__" {
                guard let m = entry as? [String: String] else { throw Self.bad("__metadata__ must map strings to strings") }
                metadata = m
                continue
            }
            guard let e = entry as? [String: Any], let dtype = e["dtype"] as? String,
                  let shape = e["shape"] as? [Int], let offsets = e["data_offsets"] as? [Int], offsets.count == 2
            else { throw Self.bad("tensor '\(name)' has a malformed entry") }
            guard dtype == "F32" else { throw Self.bad("tensor '\(name)' has dtype \(dtype); only F32 is supported") }
            var count = 1
            for d in shape {
                guard d >= 0, !count.multipliedReportingOverflow(by: d).overflow else { throw Self.bad("tensor '\(name)' has a bad shape") }
                count *= d
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataSize else { throw Self.bad("tensor '\(name)' lies outside the file (truncated?)") }
            guard end - begin == count * 4 else { throw Self.bad("tensor '\(name)' has \(end - begin) bytes for shape \(shape)") }
            let values = b.withUnsafeBytes { raw in
                (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: headerEnd + begin + 4 * $0, as: UInt32.self))) }
            }
            tensors[name] = Tensor(shape: shape, values: values)
            ranges.append((begin, end))
        }
        var cursor = 0
        for (begin, end) in ranges.sorted(by: { $0.0 < $1.0 }) {
            guard begin == cursor else { throw Self.bad("tensor data overlaps or leaves gaps") }
            cursor = end
        }
        guard cursor == dataSize else { throw Self.bad("\(dataSize - cursor) bytes after the last tensor") }
        self.tensors = tensors
        self.metadata = metadata
    }

    static func bad(_ detail: String) -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_safetensors", detail)
    }
}
