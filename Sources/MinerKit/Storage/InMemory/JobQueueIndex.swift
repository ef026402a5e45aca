import Foundation

/// The in-memory store's index of queued jobs: one binary heap per model, ordered by priority (high
/// first), then age. Entries are removed lazily: an entry counts only while its job is still queued
/// with the same enqueue number, so leasing or cancelling a job costs nothing here.
struct JobQueueIndex {
    struct Entry {
        var priority: Int
        var createdAt: Date
        var enqueue: UInt64
        var jobID: String

        /// Whether `self` runs before `other`.
        func precedes(_ other: Entry) -> Bool {
            if priority != other.priority { return priority > other.priority }
            if createdAt != other.createdAt { return createdAt < other.createdAt }
            return enqueue < other.enqueue
        }
    }

    private var heaps: [String: [Entry]] = [:]

    /// Adds `entry` for `model`.
    mutating func push(_ entry: Entry, model: String) {
        heaps[model, default: []].append(entry)
        var heap = heaps[model]!
        heaps[model] = nil  // keep the array uniquely referenced while sifting
        Self.siftUp(&heap, from: heap.count - 1)
        heaps[model] = heap
    }

    /// The best live entry among `models` (all when `nil`); dead entries met on the way are dropped.
    mutating func best(models: [String]?, isLive: (Entry) -> Bool) -> Entry? {
        var chosen: Entry?
        for model in models ?? Array(heaps.keys) {
            guard var heap = heaps.removeValue(forKey: model) else { continue }
            while let top = heap.first, !isLive(top) { Self.popFirst(&heap) }
            if let top = heap.first, chosen.map({ top.precedes($0) }) ?? true { chosen = top }
            if !heap.isEmpty { heaps[model] = heap }
        }
        return chosen
    }

    private static func popFirst(_ heap: inout [Entry]) {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, heap[l].precedes(heap[m]) { m = l }
            if r < heap.count, heap[r].precedes(heap[m]) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }

    private static func siftUp(_ heap: inout [Entry], from index: Int) {
        var i = index
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].precedes(heap[parent]) else { return }
            heap.swapAt(i, parent)
            i = parent
        }
    }
}
