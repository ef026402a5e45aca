/// Turns speech into text for the optional `text` of an inference reply.
///
/// The inference service hands it the enhanced mono audio of each request when one is configured
/// (`minerkit inference serve --transcribe`); without one, replies carry no `text`.
public protocol SpeechTranscriber: Sendable {
    /// The words heard in `samples` (mono, `sampleRate` Hz, full scale ±1), separated by single spaces;
    /// empty when none were recognised.
    func transcribe(_ samples: [Float], sampleRate: Int) throws -> String
}
