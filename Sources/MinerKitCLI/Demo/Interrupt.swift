import Dispatch
import Foundation

/// Waiting for Ctrl-C (SIGINT) or SIGTERM without holding a thread: `minerkit demo --stay` keeps its
/// servers up until the person at the terminal is done looking.
enum Interrupt {
    /// Returns once SIGINT or SIGTERM arrives. While it waits the signals are handled here instead of
    /// ending the process; their default handling is restored afterwards.
    static func wait() async {
        let signals = [SIGINT, SIGTERM]
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        let sources = signals.map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        for await _ in stream { break }
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
