import Synchronization

/// The connections of a server and what each one is doing, so that a drain knows what is still in
/// flight (``APIServer/serve(_:inFlight:drainLimit:services:onDrain:)``) and a server at its connection
/// limit can close the connection idle the longest to admit a new one (``ConnectionLimits``).
///
/// A request is in flight from the moment its head arrives until the last byte of its response has been
/// handed to the kernel: a reply whose route has finished but whose bytes still wait in the server (a
/// client reading a large reply slowly) is in flight too. The connection handlers ``APIServer`` installs
/// report to it; without them (``ServerLayers/connectionHandlers`` left out) nothing is counted.
public final class InFlightRequests: Sendable {
    /// One open connection, as its handler reports it.
    private struct Connection {
        /// The request being answered, if one is.
        var request: Request?
        /// When the connection last became idle, as a tick of ``State/clock`` (smaller is longer ago).
        var idleSince: UInt64
        /// Already chosen to be closed.
        var evicting = false
        /// Closes the connection on its event loop if it is still idle (else asks for another victim).
        let evict: @Sendable () -> Void
    }

    /// What a connection is answering: enough to name a reply a drain cut off.
    private struct Request {
        let method: String
        let path: String
        let since: ContinuousClock.Instant
    }

    private struct State {
        var connections: [UInt64: Connection] = [:]
        var nextID: UInt64 = 0
        /// Ticks at every change of idleness, so idle connections are ordered without reading a clock.
        var clock: UInt64 = 0
        var busy = 0
        /// Admissions at the limit that found no idle connection to close; the next to become idle pays.
        var owed = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Requests whose response has not been written completely yet.
    public var current: Int { state.withLock { $0.busy } }

    /// The requests in flight now, one line each: `POST /api/v1/inference (started 12.3 s ago)`. The
    /// query is left out (it may carry what a log must not).
    public var unfinished: [String] {
        let now = ContinuousClock.now
        return state.withLock { state in
            state.connections.values.compactMap(\.request).sorted { $0.since < $1.since }.map { request in
                let path = request.path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.path
                let age = Double(Int((now - request.since).timeInterval * 10)) / 10
                return "\(request.method) \(path) (started \(age) s ago)"
            }
        }
    }

    // MARK: Reports from the connection handlers

    /// A connection opened; returns its id and, when this makes `maxConnections` connections, what closes
    /// the connection idle the longest (to call outside any lock).
    func opened(maxConnections: Int, evict: @escaping @Sendable () -> Void) -> (id: UInt64, victim: (@Sendable () -> Void)?) {
        state.withLock { state in
            state.nextID += 1
            state.clock += 1
            let id = state.nextID
            state.connections[id] = Connection(idleSince: state.clock, evict: evict)
            guard state.connections.count >= maxConnections else { return (id, nil) }
            state.owed += 1
            return (id, Self.victim(&state, sparing: id))
        }
    }

    /// A request's head arrived on connection `id`, which had none in flight.
    func began(_ id: UInt64, method: String, path: String) {
        state.withLock { state in
            guard state.connections[id] != nil else { return }
            state.connections[id]?.request = Request(method: method, path: path, since: .now)
            state.busy += 1
        }
    }

    /// The last response on connection `id` has been handed to the kernel (or could not be); returns what
    /// closes the connection idle the longest when an admission at the limit is still owed one.
    func delivered(_ id: UInt64) -> (@Sendable () -> Void)? {
        state.withLock { state in
            guard state.connections[id]?.request != nil else { return nil }
            state.clock += 1
            state.connections[id]?.request = nil
            state.connections[id]?.idleSince = state.clock
            state.busy -= 1
            return Self.victim(&state, sparing: nil)
        }
    }

    /// The victim `id` was no longer idle when its turn came; returns the next one, if any.
    func declined(_ id: UInt64) -> (@Sendable () -> Void)? {
        state.withLock { state in
            state.connections[id]?.evicting = false
            state.owed += 1
            return Self.victim(&state, sparing: id)
        }
    }

    /// Connection `id` closed (which frees the slot an admission may be owed).
    func closed(_ id: UInt64) {
        state.withLock { state in
            guard let connection = state.connections.removeValue(forKey: id) else { return }
            if connection.request != nil { state.busy -= 1 }
            state.owed = max(0, state.owed - 1)
        }
    }

    /// Picks the connection idle the longest (not `spared`, not already chosen) when one is owed, and
    /// settles the debt.
    private static func victim(_ state: inout State, sparing spared: UInt64?) -> (@Sendable () -> Void)? {
        guard state.owed > 0 else { return nil }
        var chosen: (id: UInt64, since: UInt64)?
        for (id, connection) in state.connections where id != spared && connection.request == nil && !connection.evicting {
            if chosen.map({ connection.idleSince < $0.since }) ?? true { chosen = (id, connection.idleSince) }
        }
        guard let chosen else { return nil }
        state.owed -= 1
        state.connections[chosen.id]?.evicting = true
        return state.connections[chosen.id]?.evict
    }
}
