/// What a ``BinaryHeap`` orders: whether one element comes out before another.
protocol HeapOrdered {
    /// Whether `self` comes out of the heap before `other`.
    func precedes(_ other: Self) -> Bool
}

/// A binary heap ordered by ``HeapOrdered/precedes(_:)`` (the first element precedes all others).
struct BinaryHeap<Element: HeapOrdered> {
    private var items: [Element] = []

    var first: Element? { items.first }
    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ element: Element) {
        items.append(element)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].precedes(items[parent]) else { return }
            items.swapAt(i, parent)
            i = parent
        }
    }

    @discardableResult
    mutating func popFirst() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, items[l].precedes(items[m]) { m = l }
            if r < items.count, items[r].precedes(items[m]) { m = r }
            if m == i { return top }
            items.swapAt(i, m)
            i = m
        }
    }
}
