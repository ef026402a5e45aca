import Logging

/// A swift-log handler writing one line per entry to a ``LogSink``, laid out as text or JSON (see
/// ``LogLayout``). Setting metadata (Hummingbird sets `hb.request.id` on every request's logger) costs a
/// dictionary write: metadata is only rendered for lines that are written.
struct LineLogHandler: LogHandler {
    let label: String
    let layout: LogLayout
    let sink: LogSink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider

    init(label: String, layout: LogLayout, sink: LogSink = .standardError) {
        self.label = label
        self.layout = layout
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty { fields.merge(provided) { _, new in new } }
        if let explicit = event.metadata, !explicit.isEmpty { fields.merge(explicit) { _, new in new } }
        if let error = event.error { fields["error"] = .string("\(error)") }
        let line = layout.line(time: LogTimestamp.now(), level: event.level, label: label, message: event.message.description,
                               source: event.source, metadata: fields)
        sink.append(line, urgent: event.level >= .notice)
    }
}
