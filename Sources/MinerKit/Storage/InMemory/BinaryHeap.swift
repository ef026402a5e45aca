/// A binary heap ordered by `precedes` (the first element precedes all others).
struct BinaryHeap<Element> {
    private var items: [Element] = []
    private let precedes: (Element, Element) -> Bool

    init(precedes: @escaping (Element, Element) -> Bool) { self.precedes = precedes }

    var first: Element? { items.first }
    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ element: Element) {
        items.append(element)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard precedes(items[i], items[parent]) else { return }
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
            if l < items.count, precedes(items[l], items[m]) { m = l }
            if r < items.count, precedes(items[r], items[m]) { m = r }
            if m == i { return top }
            items.swapAt(i, m)
            i = m
        }
    }
}
