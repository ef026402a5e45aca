import Synchronization

/// Signatures already accepted, remembered until their timestamp leaves the freshness window.
///
/// Memory is bounded: at most `capacity` entries. Entries are kept in arrival order; expired ones are
/// dropped from the front on every insert, and when the cache is full the oldest entry is evicted. An
/// evicted signature could be replayed until its window ends, so size `capacity` above the peak number
/// of authenticated requests per window (the default 100 000 is ~330 requests/s over 300 s at
/// ~150 bytes an entry, ~15 MB).
public final class ReplayCache: ReplayGuard {
    private struct State {
        var expiries: [[UInt8]: Int64] = [:]
        var order: [(signature: [UInt8], expiry: Int64)] = []
        var head = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// A cache remembering at most `capacity` signatures.
    public init(capacity: Int) {
        precondition(capacity > 0, "a replay cache holds at least one entry")
        self.capacity = capacity
    }

    /// Records `signature` as used until `expiry` (unix seconds); `false` when it is already recorded and
    /// unexpired at `now`, i.e. a replay.
    func insert(_ signature: [UInt8], expiry: Int64, now: Int64) -> Bool {
        state.withLock { s in
            while s.head < s.order.count, s.order[s.head].expiry < now { Self.dropHead(&s) }
            if let seen = s.expiries[signature], seen >= now { return false }
            while s.expiries.count >= capacity, s.head < s.order.count { Self.dropHead(&s) }
            s.expiries[signature] = expiry
            s.order.append((signature, expiry))
            if s.head > 1024, s.head * 2 > s.order.count {
                s.order.removeFirst(s.head)
                s.head = 0
            }
            return true
        }
    }

    public func firstUse(of signature: [UInt8], expiry: Int64, now: Int64) async throws -> Bool {
        insert(signature, expiry: expiry, now: now)
    }

    /// The number of remembered signatures.
    var count: Int { state.withLock { $0.expiries.count } }

    private static func dropHead(_ s: inout State) {
        let entry = s.order[s.head]
        // A signature recorded again later has a newer entry; only remove the one this slot made.
        if s.expiries[entry.signature] == entry.expiry { s.expiries[entry.signature] = nil }
        s.head += 1
    }
}
