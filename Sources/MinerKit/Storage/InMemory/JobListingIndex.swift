import Foundation

/// The in-memory store's jobs in listing order: oldest first by creation time, then insertion order,
/// so a listing walks it backwards and a ``JobCursor`` is found by binary search.
struct JobListingIndex {
    struct Entry {
        var createdAt: Date
        /// Insertion order (the cursor's sequence).
        var sequence: Int64
        var id: String

        func precedes(_ cursor: JobCursor) -> Bool {
            (createdAt, sequence) < (cursor.createdAt, cursor.sequence)
        }
    }

    private(set) var entries: [Entry] = []

    /// Adds `entry` at its place (the end, when jobs arrive in creation order) and returns that place.
    mutating func insert(_ entry: Entry) -> Int {
        let place = entries.last.map { $0.createdAt <= entry.createdAt } ?? true
            ? entries.endIndex
            : firstIndex { $0.createdAt > entry.createdAt }
        entries.insert(entry, at: place)
        return place
    }

    /// Removes the entry at `place` (undoing the latest ``insert(_:)``).
    mutating func remove(at place: Int) {
        entries.remove(at: place)
    }

    /// How many entries come before `cursor` (all of them without one): a listing from `cursor` walks
    /// back from there.
    func end(before cursor: JobCursor?) -> Int {
        guard let cursor else { return entries.endIndex }
        return firstIndex { !$0.precedes(cursor) }
    }

    /// The first index whose entry satisfies `isAfter` (which must hold for a suffix of the entries).
    private func firstIndex(where isAfter: (Entry) -> Bool) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if isAfter(entries[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
