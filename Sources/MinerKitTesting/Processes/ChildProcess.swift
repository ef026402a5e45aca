import CSpawnShim
import Foundation
import Synchronization

/// A child process for tests, benchmarks and the demo, started with `posix_spawn`.
///
/// Foundation's `Process.run()` on Linux scans `/proc/self/fd` in the parent and reads past the end of a
/// directory entry's name, which crashes the calling process at random (swift-corelibs-foundation #5472).
/// This type starts children without that scan. A started child is reaped by a thread of its own, so
/// waiting for it never holds a thread of Swift's cooperative pool, which in-process servers under test
/// need:
///
/// ```swift
/// let child = try ChildProcess.start("/usr/bin/openssl", ["version"], output: .file(log))
/// let ended = await child.exit()   // .exited(0)
/// ```
public final class ChildProcess: Sendable {
    /// The child's process id. ``signal(_:)`` reaches it until it has been reaped.
    public let pid: pid_t
    private let launched = ContinuousClock.now
    private let state = Mutex(State.running(waiters: []))
    /// Signalled once the child has been reaped, for ``exitBlocking()``.
    private let reaped = DispatchSemaphore(value: 0)

    private enum State {
        case running(waiters: [CheckedContinuation<Termination, Never>])
        case ended(Termination, lifetime: Duration)
    }

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Starts `executable` with `arguments` and returns at once. `environment` replaces this process's
    /// environment when given; `directory` is where the child starts; `errors` goes where `output`
    /// goes unless given.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             directory: URL? = nil, input: Stream = .null, output: Stream = .null,
                             errors: Stream? = nil) throws -> ChildProcess {
        let child = ChildProcess(pid: try spawn(executable, arguments, environment: environment, directory: directory,
                                                input: input, output: output, errors: errors))
        Thread { child.reap() }.start()
        return child
    }

    /// Starts `executable` and returns how it ended, killing it with SIGKILL once `limit` has passed.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           directory: URL? = nil, output: Stream = .null, errors: Stream? = nil,
                           limit: Duration? = nil) async throws -> Termination {
        let child = try start(executable, arguments, environment: environment, directory: directory,
                              output: output, errors: errors)
        guard let limit else { return await child.exit() }
        let watchdog = Task {
            // The time limit on the child (a hang kills it), not an ordering step.
            try await Task.sleep(for: limit)
            child.signal(SIGKILL)
        }
        defer { watchdog.cancel() }
        return await child.exit()
    }

    /// Runs `executable` to its end on the calling thread, which it blocks: for a short tool in
    /// synchronous code (a `.enabled(if:)` probe, a process-exit hook), never in a test body that shares
    /// the cooperative pool with a server.
    public static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                                   output: Stream = .null, errors: Stream? = nil) throws -> Termination {
        let pid = try spawn(executable, arguments, environment: environment, directory: nil,
                            input: .null, output: output, errors: errors)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return Termination(waitStatus: status)
    }

    /// ``runBlocking(_:_:environment:output:errors:)`` that returns what the child wrote to stdout too
    /// (through a temporary file: no pipe to fill up); stderr goes with it when `errors` is `nil`.
    public static func capture(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                               errors: Stream? = .null) throws -> (termination: Termination, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: file) }
        let termination = try runBlocking(executable, arguments, environment: environment, output: .file(file), errors: errors)
        return (termination, (try? String(contentsOf: file, encoding: .utf8)) ?? "")
    }

    /// Whether the child has not been reaped yet.
    public var isRunning: Bool {
        state.withLock { if case .running = $0 { true } else { false } }
    }

    /// From the start to the end of the child, as its reaping thread saw it (so a busy cooperative pool
    /// does not stretch it); `nil` while it runs.
    public var lifetime: Duration? {
        state.withLock { if case .ended(_, let lifetime) = $0 { lifetime } else { nil } }
    }

    /// How the child ended, once it has (waits without holding a thread).
    public func exit() async -> Termination {
        await withCheckedContinuation { continuation in
            let ended: Termination? = state.withLock { state in
                switch state {
                case .ended(let termination, _):
                    return termination
                case .running(var waiters):
                    waiters.append(continuation)
                    state = .running(waiters: waiters)
                    return nil
                }
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }

    /// How the child ended, once it has, blocking the calling thread until then: for synchronous code
    /// (a `defer`, a process-exit hook), never a task that shares the cooperative pool with a server.
    public func exitBlocking() -> Termination {
        reaped.wait()
        reaped.signal()
        return state.withLock { state in
            if case .ended(let termination, _) = state { return termination }
            preconditionFailure("reaped but not ended")
        }
    }

    /// Sends `signal` unless the child has been reaped (its id could belong to another process by then).
    public func signal(_ signal: Int32) {
        state.withLock { state in
            if case .running = state { _ = kill(pid, signal) }
        }
    }

    /// Waits for the end without reaping (`WNOWAIT`), then reaps under the lock that ``signal(_:)`` takes:
    /// a signal never reaches a process that reused the id.
    private func reap() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0, errno == EINTR {}
        let (waiters, termination) = state.withLock { state in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            let termination = Termination(waitStatus: status)
            let waiters: [CheckedContinuation<Termination, Never>]
            if case .running(let waiting) = state { waiters = waiting } else { waiters = [] }
            state = .ended(termination, lifetime: ContinuousClock.now - launched)
            return (waiters, termination)
        }
        reaped.signal()
        for waiter in waiters { waiter.resume(returning: termination) }
    }

    private static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]?,
                              directory: URL?, input: Stream, output: Stream, errors: Stream?) throws -> pid_t {
        var opened: [Int32] = []
        defer { for descriptor in opened { close(descriptor) } }
        func descriptor(_ stream: Stream, writing: Bool) throws -> Int32 {
            let path: String, flags: Int32
            switch stream {
            case .descriptor(let descriptor): return descriptor
            case .null: (path, flags) = ("/dev/null", writing ? O_WRONLY : O_RDONLY)
            case .file(let url): (path, flags) = (url.path, O_WRONLY | O_CREAT | O_APPEND)
            }
            let descriptor = open(path, flags | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw SpawnFailure("cannot open \(path): \(String(cString: strerror(errno)))") }
            opened.append(descriptor)
            return descriptor
        }
        let inDescriptor = try descriptor(input, writing: false)
        let outDescriptor = try descriptor(output, writing: true)
        let errDescriptor = try errors.map { try descriptor($0, writing: true) } ?? outDescriptor
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = withCStrings([executable] + arguments) { argv in
            withCStrings(variables) { envp in
                cspawn_start(&pid, executable, argv, envp, directory?.path, inDescriptor, outDescriptor, errDescriptor)
            }
        }
        guard status == 0 else { throw SpawnFailure("cannot start \(executable): \(String(cString: strerror(status)))") }
        return pid
    }
}

extension ChildProcess {
    /// Where one of a child's standard streams goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// Appended to the file at this URL (created when missing).
        case file(URL)
        /// This open descriptor of the caller's (a pipe's end, say), which stays the caller's to close.
        case descriptor(Int32)
    }

    /// How a child ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// The signal with this number ended it.
        case signalled(Int32)

        /// From `waitpid`'s status word (`WIFEXITED`, `WEXITSTATUS` and `WTERMSIG` are C macros Swift
        /// does not import).
        init(waitStatus status: Int32) {
            self = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        }

        /// The exit status, or the signal's number (as Foundation's `terminationStatus` reports them).
        public var status: Int32 {
            switch self {
            case .exited(let status), .signalled(let status): status
            }
        }

        public var description: String {
            switch self {
            case .exited(let status): "exited \(status)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }
}

/// Why a child could not be started.
public struct SpawnFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Calls `body` with `strings` as a NULL-terminated array of C strings.
private func withCStrings<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result) -> Result {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
