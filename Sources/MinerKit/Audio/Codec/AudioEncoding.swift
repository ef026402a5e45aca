import Foundation

/// The container audio arrived in, so that the reply is encoded the same way (see ``AudioEncoding/encode(_:layout:sampleRate:)``).
public enum AudioEncoding: Sendable, Equatable {
    /// A NumPy `.npy` array (any accepted dtype); answered as a float32 `.npy` of the same shape.
    case npy
    /// A WAV file; answered as a WAV file of the same sample format and rate.
    case wav(WavCodec.SampleFormat)
    /// Bare little-endian float32 samples; answered as bare little-endian float32 samples.
    case rawFloat32

    /// `channels` encoded this way; `layout` shapes a `.npy` reply, `sampleRate` heads a WAV reply.
    /// Raw replies hold the first channel (raw input is always mono).
    public func encode(_ channels: [[Float]], layout: AudioLayout, sampleRate: Int) -> Data {
        switch self {
        case .npy: NpyCodec.encode(channels, layout: layout)
        case .wav(let format): WavCodec.encode(channels, sampleRate: sampleRate, format: format)
        case .rawFloat32: RawAudioCodec.encode(channels.first ?? [])
        }
    }
}
