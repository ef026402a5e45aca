/// The shape audio arrived in, so the reply can be given back in the same shape.
public enum AudioLayout: Sendable, Equatable {
    /// A 1-D array `(T,)`, a WAV file's mono data, or raw float32 samples.
    case vector
    /// A `(C, T)` array (`C == 1` for the common `(1, T)`).
    case channelsFirst(Int)
}

/// Decoded audio: one array of samples per channel, all the same length, plus its shape and container.
public struct DecodedAudio: Sendable, Equatable {
    public var channels: [[Float]]
    public var layout: AudioLayout
    /// The rate stated inside the payload (WAV header), if any.
    public var embeddedSampleRate: Int?
    /// The container the audio came in.
    public var encoding: AudioEncoding

    public init(channels: [[Float]], layout: AudioLayout, embeddedSampleRate: Int? = nil, encoding: AudioEncoding = .npy) {
        self.channels = channels
        self.layout = layout
        self.embeddedSampleRate = embeddedSampleRate
        self.encoding = encoding
    }

    /// Samples per channel.
    public var frameCount: Int { channels.first?.count ?? 0 }

    /// The average of the channels (the enhancer works on mono).
    public func mixedToMono() -> [Float] {
        guard channels.count > 1 else { return channels.first ?? [] }
        var mono = [Float](repeating: 0, count: frameCount)
        for ch in channels {
            for i in mono.indices { mono[i] += ch[i] }
        }
        let scale = 1 / Float(channels.count)
        for i in mono.indices { mono[i] *= scale }
        return mono
    }
}
