import Foundation

/// The in-memory store's index of queued jobs: one binary heap per model, in ``QueuePosition`` order.
/// Entries are removed lazily: an entry counts only while its job is still queued with the same
/// enqueue number, so leasing or cancelling a job costs nothing here.
struct JobQueueIndex {
    struct Entry {
        var position: QueuePosition
        var enqueue: UInt64
        var jobID: String

        /// Whether `self` runs before `other`.
        func precedes(_ other: Entry) -> Bool { position < other.position }
    }

    private var heaps: [String: BinaryHeap<Entry>] = [:]

    /// Adds `entry` for `model`.
    mutating func push(_ entry: Entry, model: String) {
        heaps[model, default: BinaryHeap { $0.precedes($1) }].push(entry)
    }

    /// The best live entry among `models` (all when `nil`) whose job is not in `skipping`; dead entries
    /// met on the way are dropped, skipped ones are kept.
    mutating func best(models: [String]?, skipping: Set<String> = [], isLive: (Entry) -> Bool) -> Entry? {
        var chosen: Entry?
        for model in models ?? Array(heaps.keys) {
            guard var heap = heaps.removeValue(forKey: model) else { continue }
            var skipped: [Entry] = []
            while let top = heap.first {
                if !isLive(top) {
                    heap.popFirst()
                } else if skipping.contains(top.jobID) {
                    skipped.append(top)
                    heap.popFirst()
                } else {
                    break
                }
            }
            if let top = heap.first, chosen.map({ top.precedes($0) }) ?? true { chosen = top }
            for entry in skipped { heap.push(entry) }
            if !heap.isEmpty { heaps[model] = heap }
        }
        return chosen
    }
}
