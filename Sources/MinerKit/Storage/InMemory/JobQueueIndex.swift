import Foundation

/// The in-memory store's index of queued jobs: one binary heap per model, in ``QueuePosition`` order.
/// Entries are removed lazily: an entry counts only while its job is still queued with the same
/// enqueue number, so leasing or cancelling a job costs nothing here.
struct JobQueueIndex {
    struct Entry: HeapOrdered {
        var position: QueuePosition
        var enqueue: UInt64
        var jobID: String

        /// Whether `self` runs before `other`.
        func precedes(_ other: Entry) -> Bool { position < other.position }
    }

    private var heaps: [String: BinaryHeap<Entry>] = [:]

    /// Adds `entry` for `model`.
    mutating func push(_ entry: Entry, model: String) {
        heaps[model, default: BinaryHeap()].push(entry)
    }

    /// The best live entry among `models` (all when `nil`) whose job is not in `skipping`; dead entries
    /// met on the way are dropped, skipped ones are kept.
    mutating func best(models: [String]?, skipping: Set<String> = [], isLive: (Entry) -> Bool) -> Entry? {
        var chosen: Entry?
        for model in models ?? Array(heaps.keys) {
            // The heap is changed in place through its index: no copy, no second hash of the model.
            guard let index = heaps.index(forKey: model) else { continue }
            var skipped: [Entry] = []
            while let top = heaps.values[index].first {
                if !isLive(top) {
                    heaps.values[index].popFirst()
                } else if skipping.contains(top.jobID) {
                    skipped.append(top)
                    heaps.values[index].popFirst()
                } else {
                    break
                }
            }
            if let top = heaps.values[index].first, chosen.map({ top.precedes($0) }) ?? true { chosen = top }
            for entry in skipped { heaps.values[index].push(entry) }
        }
        return chosen
    }
}
