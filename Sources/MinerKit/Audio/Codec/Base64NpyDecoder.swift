import Foundation

/// Decodes base64 of a `.npy` file block by block straight into samples, so the decoded file (up to
/// tens of megabytes) never exists whole in memory next to the base64 text and the samples.
///
/// Each block of `blockCharacters` base64 characters is decoded on its own; values that straddle two
/// blocks are carried over. The header must fit in the first block (numpy headers are far smaller).
/// Returns `nil` when the payload is not a `.npy` file, so the caller can try the other formats.
enum Base64NpyDecoder {
    /// Base64 characters per block: a multiple of 4 that decodes to more than the largest header.
    static let blockCharacters = 96 * 1024

    static func decode(_ ascii: Data) throws -> DecodedAudio? {
        guard ascii.count % 4 == 0 else { throw invalid() }
        var offset = ascii.startIndex
        func nextBlock() throws -> Data {
            let end = min(offset + blockCharacters, ascii.endIndex)
            let piece = ascii[offset..<end]
            // Padding may only end the whole text, not a block inside it.
            if end < ascii.endIndex, piece.last == UInt8(ascii: "=") { throw invalid() }
            guard let block = Data(base64Encoded: piece) else { throw invalid() }
            offset = end
            return block
        }
        var block = try nextBlock()
        guard NpyCodec.looksLikeNpy(block) else { return nil }
        let info = try block.withUnsafeBytes { try NpyCodec.arrayInfo(prefix: $0) }
        let padding = ascii.suffix(2).filter { $0 == UInt8(ascii: "=") }.count
        try info.checkDataSize(total: ascii.count / 4 * 3 - padding)

        var out = [[Float]](repeating: [Float](repeating: 0, count: info.frames), count: info.channels)
        var element = 0, start = info.dataStart
        var carry: [UInt8] = []
        while element < info.count {
            block.withUnsafeBytes { raw in
                var i = start
                if !carry.isEmpty {
                    let take = min(info.itemSize - carry.count, raw.count)
                    carry.append(contentsOf: raw[0..<take])
                    i = take
                    if carry.count == info.itemSize {
                        let (c, t) = info.position(ofElement: element)
                        out[c][t] = carry.withUnsafeBytes { info.sample(at: $0.baseAddress!) }
                        element += 1
                        carry.removeAll(keepingCapacity: true)
                    }
                }
                while i + info.itemSize <= raw.count, element < info.count {
                    let (c, t) = info.position(ofElement: element)
                    out[c][t] = info.sample(at: raw.baseAddress! + i)
                    element += 1
                    i += info.itemSize
                }
                if i < raw.count { carry.append(contentsOf: raw[i..<raw.count]) }
            }
            guard element < info.count else { break }
            guard offset < ascii.endIndex else { throw NpyCodec.bad("the .npy data is shorter than its shape says") }
            block = try nextBlock()
            start = 0
        }
        return DecodedAudio(channels: out, layout: info.layout)
    }

    private static func invalid() -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_base64", "audio_data is not valid base64")
    }
}
