import Synchronization

/// The receipts this process issued last, so that fetching one right after its completion (what
/// clients do) needs no read transaction. Safe to serve from memory: a receipt never changes once
/// committed (sealing records its block beside it, not in it), and only committed receipts are kept.
/// Bounded: the oldest goes when `capacity` is reached.
final class RecentReceipts: Sendable {
    private struct State {
        var byID: [String: Receipt] = [:]
        /// Ids in issue order, used as a ring of `capacity` slots.
        var order: [String] = []
        var next = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 1_024) {
        self.capacity = max(1, capacity)
    }

    /// Keeps `receipt`, which must be committed.
    func remember(_ receipt: Receipt) {
        state.withLock { state in
            guard state.byID.updateValue(receipt, forKey: receipt.receiptID) == nil else { return }
            if state.order.count < capacity {
                state.order.append(receipt.receiptID)
            } else {
                state.byID[state.order[state.next]] = nil
                state.order[state.next] = receipt.receiptID
                state.next = (state.next + 1) % capacity
            }
        }
    }

    /// The receipt `id`, if it is one of the last issued here.
    func receipt(id: String) -> Receipt? {
        state.withLock { $0.byID[id] }
    }
}
