#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long a server waits on a client and how many clients it serves at once, so that idle or slow
/// sockets cannot starve it: every connection that keeps the server waiting is closed after a bounded
/// time, and connections past ``maxConnections`` wait in the kernel's accept queue instead of using up
/// the process's file descriptors (which would stop `/health` and every other route from answering).
///
/// The three timeouts cover the three ways a client can keep a connection waiting:
/// - ``idleTimeout``: open with nothing sent, before the first request or between keep-alive requests;
/// - ``headerTimeout``: a request head that started arriving but is not complete;
/// - ``bodyTimeout``: a request body still arriving (counted from its head, so a sender trickling one
///   byte a second cannot stretch it).
///
/// While a route works on a request (long polls and streamed replies included) no timeout runs.
public struct ConnectionLimits: Sendable, Equatable {
    /// How long an open connection may send nothing (before its first request and between requests).
    public var idleTimeout: Duration
    /// How long a request head may take to arrive complete, from its first byte.
    public var headerTimeout: Duration
    /// How long a request body may take to arrive complete, from the end of its head.
    public var bodyTimeout: Duration
    /// Connections served at once; more wait in the accept queue until one closes.
    public var maxConnections: Int

    /// Defaults: 30 s idle, 10 s for a head, 60 s for a body (an inference body of several megabytes on
    /// a slow link), and ``defaultMaxConnections`` connections.
    public init(idleTimeout: Duration = .seconds(30), headerTimeout: Duration = .seconds(10),
                bodyTimeout: Duration = .seconds(60), maxConnections: Int = ConnectionLimits.defaultMaxConnections) {
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
    }

    /// Three quarters of the process's open-file limit (`ulimit -n`), capped at 10,000: the rest stays
    /// free for the database, the model and log files, so a flood of connections never makes the
    /// server itself fail to open a file. 768 under the common limit of 1,024.
    public static var defaultMaxConnections: Int {
        let limit = sysconf(Int32(_SC_OPEN_MAX))  // the soft RLIMIT_NOFILE
        guard limit > 0 else { return 10_000 }
        return max(16, min(10_000, limit / 4 * 3))
    }
}
