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

    /// The best live entry among `models` (all when `nil`); dead entries met on the way are dropped.
    mutating func best(models: [String]?, isLive: (Entry) -> Bool) -> Entry? {
        var chosen: Entry?
        for model in models ?? Array(heaps.keys) {
            guard var heap = heaps.removeValue(forKey: model) else { continue }
            while let top = heap.first, !isLive(top) { heap.popFirst() }
            if let top = heap.first, chosen.map({ top.precedes($0) }) ?? true { chosen = top }
            if !heap.isEmpty { heaps[model] = heap }
        }
        return chosen
    }
}
