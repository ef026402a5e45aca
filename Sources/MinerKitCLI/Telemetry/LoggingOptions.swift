import ArgumentParser
import Foundation
import Logging

/// How a `serve` command logs: the lowest level written and the line format (also `MINERKIT_LOG_LEVEL`,
/// `MINERKIT_LOG_FORMAT` or the config file, see ``ServeSettings``). Lines go to standard error; standard
/// output keeps the few status lines a person starting the server reads.
struct LoggingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Lowest level logged: trace, debug, info (one line per request), notice, warning, error, critical (env MINERKIT_LOG_LEVEL).",
                               valueName: "level"))
    var logLevel: String = "info"

    @Option(help: "Log line format: text or json (env MINERKIT_LOG_FORMAT).")
    var logFormat: String = "text"

    /// Their effective values.
    var effectiveSettings: [(name: String, value: String)] { [("log-level", logLevel), ("log-format", logFormat)] }

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), not '\(logLevel)'")
        }
        guard LogLayout(rawValue: logFormat) != nil else {
            throw ValidationError("--log-format must be text or json, not '\(logFormat)'")
        }
    }

    /// Points swift-log at standard error in the chosen format (once per process; lines are batched by
    /// ``LogSink``) and returns a logger labelled `label` at the chosen level.
    func bootstrap(label: String) -> Logger {
        let layout = LogLayout(rawValue: logFormat) ?? .text
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, layout: layout) }
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }
}
