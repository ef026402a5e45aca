import Foundation
import MinerKit
import Synchronization

/// Where log lines go: standard error, written in batches so that a request line costs an append to a
/// buffer, not a system call. A line at `notice` or above is written at once, with every line before it;
/// lower lines wait at most ``flushInterval`` (a background thread writes them), and the buffer is
/// written when the process exits normally. A process killed with SIGKILL loses at most that interval's
/// `info`/`debug` lines.
final class LogSink: Sendable {
    /// The process's standard error.
    static let standardError = LogSink(descriptor: STDERR_FILENO)

    /// The longest an `info` line waits before it is written.
    static let flushInterval: Duration = .milliseconds(100)
    /// Bytes buffered beyond which the logging thread writes them itself (so a flood cannot grow memory).
    static let bufferLimit = 256 * 1024

    private let descriptor: Int32
    private let pending = Mutex<[UInt8]>([])
    /// Held while bytes are taken from ``pending`` and written, so batches reach the file in order.
    private let writing = Mutex<Void>(())
    private let flusherStarted = Atomic<Bool>(false)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Buffers `line` (which ends with a newline); writes the buffer now when `urgent` or full.
    func append(_ line: String, urgent: Bool) {
        let size = pending.withLock { buffer -> Int in
            buffer.append(contentsOf: line.utf8)
            return buffer.count
        }
        if urgent || size >= Self.bufferLimit {
            flush()
        } else if !flusherStarted.load(ordering: .relaxed) {
            startFlusher()
        }
    }

    /// Writes everything buffered so far.
    func flush() {
        writing.withLock { _ in
            let bytes = pending.withLock { buffer -> [UInt8] in
                defer { buffer.removeAll(keepingCapacity: true) }
                return buffer
            }
            write(bytes)
        }
    }

    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if count > 0 {
                    offset += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    return  // standard error is gone: nothing else can report that
                }
            }
        }
    }

    private func startFlusher() {
        guard flusherStarted.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        atexit { LogSink.standardError.flush() }
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: Self.flushInterval.timeInterval)
                flush()
            }
        }
        thread.name = "minerkit.log-flush"
        thread.start()
    }
}
