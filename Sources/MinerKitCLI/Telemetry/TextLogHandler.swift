import Logging

/// A swift-log handler writing one line of text per entry to a ``LogSink``, in the layout of swift-log's
/// `StreamLogHandler` (`time level label: key=value … [source] message`, keys sorted) with a UTC time to
/// the millisecond. Unlike `StreamLogHandler`, setting metadata (Hummingbird sets `hb.request.id` on
/// every request's logger) costs a dictionary write, and metadata is only rendered for lines written.
struct TextLogHandler: LogHandler {
    let label: String
    let sink: LogSink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider

    init(label: String, sink: LogSink = .standardError) {
        self.label = label
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = LogTimestamp.now()
        line += " "
        line += event.level.rawValue
        line += " "
        line += label
        line += ":"
        for (key, value) in LogFields.merged(metadata, provider: metadataProvider, event: event).sorted(by: { $0.key < $1.key }) {
            line += " "
            line += key
            line += "="
            line += value.description
        }
        line += " ["
        line += event.source
        line += "] "
        line += event.message.description
        line += "\n"
        sink.append(line, urgent: event.level >= .notice)
    }
}

/// What the handlers share: the metadata a line carries.
enum LogFields {
    /// The handler's metadata, then the provider's, then the line's own, and the error as `error`.
    static func merged(_ base: Logger.Metadata, provider: Logger.MetadataProvider?, event: LogEvent) -> Logger.Metadata {
        var merged = base
        if let provided = provider?.get(), !provided.isEmpty { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata, !explicit.isEmpty { merged.merge(explicit) { _, new in new } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        return merged
    }
}
