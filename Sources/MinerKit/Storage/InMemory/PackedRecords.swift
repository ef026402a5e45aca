import Foundation

/// The packed form (see ``PackedWriter``) of the records an ``InMemoryStore`` keeps for the long run.
extension Job {
    /// This job in packed form, its client, model and miner as numbers in `strings`.
    func packed(strings: StringTable) -> [UInt8] {
        var w = PackedWriter()
        w.string(id)
        w.string(client, in: strings)
        w.string(model, in: strings)
        w.string(input)
        w.json(params)
        w.double(price)
        w.int(priority)
        w.unsigned(UInt64(JobState.allCases.firstIndex(of: state)!))
        w.int(attempts)
        w.optional(lease) { w, lease in
            w.string(lease.minerID, in: strings)
            w.int(lease.token)
            w.date(lease.grantedAt)
            w.date(lease.deadline)
            w.bool(lease.acknowledged)
        }
        w.optional(result) { $0.string($1) }
        w.optional(resultHash) { $0.string($1) }
        w.optional(metrics) { $0.json($1) }
        w.optional(failureReason) { $0.string($1) }
        w.date(createdAt)
        w.date(updatedAt)
        w.optional(startedAt) { $0.date($1) }
        w.optional(finishedAt) { $0.date($1) }
        return w.packed
    }

    /// The job `packed` holds (written by ``packed(strings:)`` with the same `strings`).
    init(packed: [UInt8], strings: StringTable) {
        var r = PackedReader(packed)
        self.init(id: r.string(), client: r.string(in: strings), model: r.string(in: strings), input: r.string(),
                  params: r.json(), price: r.double(), priority: r.int(), createdAt: Date(timeIntervalSinceReferenceDate: 0))
        // Written as its place in `allCases` by `packed(strings:)`.
        let state = Int(r.unsigned())
        self.state = JobState.allCases.indices.contains(state) ? JobState.allCases[state] : .failed
        attempts = r.int()
        let id = self.id
        lease = r.optional { r in
            Lease(jobID: id, minerID: r.string(in: strings), token: r.int64(), grantedAt: r.date(), deadline: r.date(),
                  acknowledged: r.bool())
        }
        result = r.optional { $0.string() }
        resultHash = r.optional { $0.string() }
        metrics = r.optional { $0.json() }
        failureReason = r.optional { $0.string() }
        createdAt = r.date()
        updatedAt = r.date()
        startedAt = r.optional { $0.date() }
        finishedAt = r.optional { $0.date() }
    }
}

extension ReceiptRecord {
    /// This record in packed form, its provider, client, unit type, model and signing key as numbers
    /// in `strings`.
    func packed(strings: StringTable) -> [UInt8] {
        var w = PackedWriter()
        w.string(receipt.receiptID)
        w.string(receipt.jobID)
        w.string(receipt.provider, in: strings)
        w.string(receipt.client, in: strings)
        w.double(receipt.units)
        w.string(receipt.unitType, in: strings)
        w.double(receipt.price)
        w.string(receipt.model, in: strings)
        w.int(receipt.startedAt)
        w.int(receipt.completedAt)
        w.string(receipt.resultHash)
        w.string(receipt.signature.alg, in: strings)
        w.string(receipt.signature.keyID, in: strings)
        w.string(receipt.signature.sig)
        w.optional(receipt.formatVersion) { $0.int($1) }
        w.int(sequence)
        w.string(txID)
        w.date(createdAt)
        w.optional(blockHeight) { $0.int($1) }
        w.optional(blockIndex) { $0.int($1) }
        return w.packed
    }

    /// The record `packed` holds (written by ``packed(strings:)`` with the same `strings`).
    init(packed: [UInt8], strings: StringTable) {
        var r = PackedReader(packed)
        let receipt = Receipt(receiptID: r.string(), jobID: r.string(), provider: r.string(in: strings),
                              client: r.string(in: strings), units: r.double(), unitType: r.string(in: strings),
                              price: r.double(), model: r.string(in: strings), startedAt: r.int64(),
                              completedAt: r.int64(), resultHash: r.string(),
                              signature: Signature(alg: r.string(in: strings), keyID: r.string(in: strings), sig: r.string()),
                              formatVersion: r.optional { $0.int() })
        let sequence = r.int64()
        self.init(receipt: receipt, txID: r.string(), createdAt: r.date(), sequence: sequence,
                  blockHeight: r.optional { $0.int() }, blockIndex: r.optional { $0.int() })
    }
}
