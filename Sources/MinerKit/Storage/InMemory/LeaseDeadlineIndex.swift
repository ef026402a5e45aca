import Foundation

/// The in-memory store's index of lease deadlines, earliest first, so finding lapsed leases costs the
/// number of lapsed leases, not of leases. Entries are removed lazily: one counts only while its job is
/// still leased with that deadline (a renewal adds a new entry and leaves the old one to be skipped).
struct LeaseDeadlineIndex {
    struct Entry: HeapOrdered {
        var deadline: Date
        var jobID: String

        func precedes(_ other: Entry) -> Bool { deadline < other.deadline }
    }

    private var heap = BinaryHeap<Entry>()

    mutating func push(_ entry: Entry) { heap.push(entry) }

    /// Up to `limit` live entries whose deadline is not after `now`, earliest first, one per job; dead
    /// entries and duplicates met on the way are dropped, live ones stay (the caller changes their jobs,
    /// which makes them dead).
    mutating func lapsed(at now: Date, limit: Int, isLive: (Entry) -> Bool) -> [Entry] {
        var found: [Entry] = []
        var seen = Set<String>()
        while found.count < limit, let top = heap.first, top.deadline <= now {
            heap.popFirst()
            if isLive(top), seen.insert(top.jobID).inserted { found.append(top) }
        }
        for entry in found { heap.push(entry) }
        return found
    }
}
