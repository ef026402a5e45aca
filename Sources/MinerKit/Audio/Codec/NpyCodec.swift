import Foundation

/// Reads and writes NumPy `.npy` files (format versions 1, 2 and 3) for audio arrays.
///
/// Validators send `np.save(array)` bytes and read replies with `np.load(..., allow_pickle=False)`.
/// Only plain numeric data is accepted: dtypes `<f4`, `<f8`, `<i2` (int16 is scaled by 1/32768), shapes
/// `(T,)` or `(C, T)` with 1 ≤ C ≤ `maxChannels`; C and Fortran order are both read. Object arrays
/// (pickles), other dtypes, other ranks, truncated data and trailing bytes are refused with
/// `MinerKitError(.invalidInput)`; the header is parsed by a small literal parser, never evaluated.
public enum NpyCodec {
    /// The largest channel count accepted in a `(C, T)` array.
    public static let maxChannels = 16
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]   // "\x93NUMPY"

    /// Whether `bytes` start like a `.npy` file.
    public static func looksLikeNpy(_ bytes: Data) -> Bool {
        bytes.count >= 6 && bytes.prefix(6).elementsEqual(magic)
    }

    /// Decodes `.npy` bytes into channels of float samples.
    public static func decode(_ bytes: Data) throws -> DecodedAudio {
        try bytes.withUnsafeBytes { try decode(raw: $0) }
    }

    /// Decodes in place, without copying the (possibly tens of megabytes of) payload.
    private static func decode(raw b: UnsafeRawBufferPointer) throws -> DecodedAudio {
        let info = try arrayInfo(prefix: b)
        try info.checkDataSize(total: b.count)
        var out = [[Float]](repeating: [Float](repeating: 0, count: info.frames), count: info.channels)
        let data = b.baseAddress! + info.dataStart
        func fill(_ read: (UnsafeRawPointer) -> Float) {
            for c in 0..<info.channels {
                out[c].withUnsafeMutableBufferPointer { dst in
                    for t in 0..<info.frames {
                        let index = info.fortranOrder ? t * info.channels + c : c * info.frames + t
                        dst[t] = read(data + index * info.itemSize)
                    }
                }
            }
        }
        switch info.itemSize {
        case 4: fill { Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
        case 8: fill { Float(Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)))) }
        default: fill { Float(Int16(littleEndian: $0.loadUnaligned(as: Int16.self))) / 32768 }
        }
        return DecodedAudio(channels: out, layout: info.layout)
    }

    /// Reads and checks the header at the start of `b` (which must hold at least the whole header).
    static func arrayInfo(prefix b: UnsafeRawBufferPointer) throws -> NpyArrayInfo {
        guard b.count >= 10, b.prefix(6).elementsEqual(magic) else { throw bad("not a .npy file (missing magic)") }
        let major = b[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(b[8]) | Int(b[9]) << 8
            headerStart = 10
        case 2, 3:
            guard b.count >= 12 else { throw bad("truncated .npy header") }
            headerLength = Int(b[8]) | Int(b[9]) << 8 | Int(b[10]) << 16 | Int(b[11]) << 24
            headerStart = 12
        default:
            throw bad(".npy format version \(major) is not supported (1-3 are)")
        }
        guard headerLength <= 65_536, headerStart + headerLength <= b.count else { throw bad("truncated .npy header") }
        guard let text = String(bytes: UnsafeRawBufferPointer(rebasing: b[headerStart..<headerStart + headerLength]),
                                encoding: major == 3 ? .utf8 : .isoLatin1)
        else { throw bad("unreadable .npy header") }
        let header = try NpyHeader(parsing: text)

        let itemSize: Int
        switch header.descr {
        case "<f4": itemSize = 4
        case "<f8": itemSize = 8
        case "<i2": itemSize = 2
        case let d where d.contains("O"):
            throw MinerKitError(.invalidInput, code: "unsupported_dtype", "object arrays (pickles) are refused; send <f4, <f8 or <i2")
        case let d:
            throw MinerKitError(.invalidInput, code: "unsupported_dtype", "dtype \(d) is not supported; send <f4, <f8 or <i2")
        }
        let channels: Int, frames: Int, layout: AudioLayout
        switch header.shape.count {
        case 1:
            (channels, frames, layout) = (1, header.shape[0], .vector)
        case 2 where header.shape[0] >= 1 && header.shape[0] <= maxChannels:
            (channels, frames, layout) = (header.shape[0], header.shape[1], .channelsFirst(header.shape[0]))
        default:
            throw MinerKitError(.invalidInput, code: "unsupported_shape",
                                "shape \(header.shape) is not supported; send (T,), (1, T) or (C, T) with C <= \(maxChannels)")
        }
        let (count, o1) = channels.multipliedReportingOverflow(by: frames)
        let (byteCount, o2) = count.multipliedReportingOverflow(by: itemSize)
        guard !o1, !o2 else { throw bad("the .npy shape is too large") }
        return NpyArrayInfo(channels: channels, frames: frames, layout: layout, itemSize: itemSize,
                            fortranOrder: header.fortranOrder, dataStart: headerStart + headerLength, byteCount: byteCount)
    }

    /// Encodes float32 channels as a version-1 `.npy` file (`<f4`, C order) of shape `(T,)` for
    /// `.vector` or `(C, T)` for `.channelsFirst`.
    public static func encode(_ channels: [[Float]], layout: AudioLayout) -> Data {
        let frames = channels.first?.count ?? 0
        let shape: String
        switch layout {
        case .vector: shape = "(\(frames),)"
        case .channelsFirst(let c): shape = "(\(c), \(frames))"
        }
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Data(magic)
        out.append(contentsOf: [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        out.append(contentsOf: Array(header.utf8))
        out.reserveCapacity(out.count + channels.count * frames * 4)
        for ch in channels {
            #if _endian(little)
            ch.withUnsafeBytes { out.append(contentsOf: $0) }
            #else
            for v in ch { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
            #endif
        }
        return out
    }

    static func bad(_ detail: String) -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_npy", detail)
    }
}

/// What a `.npy` header says about the array after it.
struct NpyArrayInfo {
    let channels: Int
    let frames: Int
    let layout: AudioLayout
    let itemSize: Int
    let fortranOrder: Bool
    /// Offset of the first data byte in the file.
    let dataStart: Int
    let byteCount: Int

    /// Elements in the array.
    var count: Int { channels * frames }

    /// Refuses a file of `total` bytes whose data is shorter or longer than the shape says, or empty.
    func checkDataSize(total: Int) throws {
        let (end, overflow) = dataStart.addingReportingOverflow(byteCount)
        guard !overflow, end <= total else { throw NpyCodec.bad("the .npy data is shorter than its shape says") }
        guard end == total else { throw NpyCodec.bad("the .npy file has bytes after its data") }
        guard frames > 0 else { throw MinerKitError(.invalidInput, code: "empty_audio", "the audio has no samples") }
    }

    /// The channel and frame of the `element`-th value in file order.
    func position(ofElement element: Int) -> (channel: Int, frame: Int) {
        fortranOrder ? (element % channels, element / channels) : (element / frames, element % frames)
    }

    /// The sample stored at `p`, as float (int16 scaled by 1/32768).
    func sample(at p: UnsafeRawPointer) -> Float {
        switch itemSize {
        case 4: Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
        case 8: Float(Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))))
        default: Float(Int16(littleEndian: p.loadUnaligned(as: Int16.self))) / 32768
        }
    }
}
