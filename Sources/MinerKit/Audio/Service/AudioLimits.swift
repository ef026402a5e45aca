/// What an inference request may carry; everything outside is refused as invalid input.
public struct AudioLimits: Sendable, Equatable {
    /// Accepted `sample_rate` values in Hz.
    public var sampleRates: ClosedRange<Int>
    /// Longest accepted audio, in seconds.
    public var maxSeconds: Double
    /// Largest accepted decoded payload, checked on the base64 length before decoding.
    public var maxPayloadBytes: Int

    public init(sampleRates: ClosedRange<Int> = 8000...96000, maxSeconds: Double = 60, maxPayloadBytes: Int = 64 << 20) {
        self.sampleRates = sampleRates
        self.maxSeconds = maxSeconds
        self.maxPayloadBytes = maxPayloadBytes
    }
}
