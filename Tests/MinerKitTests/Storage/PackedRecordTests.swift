import Foundation
import Testing
@testable import MinerKit

/// Finished jobs and receipts kept packed by ``InMemoryStore`` read back exactly, whatever their strings
/// look like (the packing shortens hex runs and base64url only when it can restore them byte for byte).
@Suite("Packed records")
struct PackedRecordTests {
    static let awkward = [
        "", "x", "héllo ✓ \u{0}nul", "job_0123456789abcdef01234567", "job_0123456789abcdef0123456",
        "sha256:" + String(repeating: "ab", count: 32), "ABCDEF0123456789ABCDEF0123456789",
        "0123456789abcdef0123456789ABCDEF", "pr5HHbiev9UOBzIxCOCMNfbk2Z31eqLUbQIvyTRXgoUT0OBiaeiynr4wojCx3gwy",
        "pr5HHbiev9UOBzIxCOCMNfbk2Z31eqLUbQIvyTRXgoUT0OBiaeiynr4wojCx3gwz=", "abcdefghijklmnopqrstuvw",
        String(repeating: "f", count: 17), String(repeating: "0", count: 4_000),
    ]

    @Test(arguments: awkward)
    func aFinishedJobReadsBackExactly(_ text: String) {
        let t = Date(timeIntervalSinceReferenceDate: 123_456.789_012_345)
        var job = Job(id: text, client: text, model: text, input: text,
                      params: .object([text: .array([.null, .bool(true), .bool(false), .number(-0.1), .string(text), .object([:])])]),
                      price: 1e-300, priority: Int.min, createdAt: t)
        job.state = .completed
        job.attempts = Int.max
        job.lease = Lease(jobID: text, minerID: text, token: Int64.min, grantedAt: t, deadline: t.addingTimeInterval(0.5),
                          acknowledged: false)
        job.result = text
        job.resultHash = text
        job.metrics = .number(.infinity)
        job.failureReason = text
        job.updatedAt = t.addingTimeInterval(1)
        job.finishedAt = t.addingTimeInterval(2)
        let strings = StringTable()
        #expect(Job(packed: job.packed(strings: strings), strings: strings) == job)
        var bare = Job(id: text, client: "c", model: "m", input: "", createdAt: t)
        bare.state = .cancelled
        #expect(Job(packed: bare.packed(strings: strings), strings: strings) == bare)
    }

    @Test(arguments: awkward)
    func aReceiptRecordReadsBackExactly(_ text: String) {
        let receipt = Receipt(receiptID: text, jobID: text, provider: text, client: text, units: 0.25, unitType: text,
                              price: -3, model: text, startedAt: Int64.min, completedAt: Int64.max, resultHash: text,
                              signature: Signature(alg: text, keyID: text, sig: text), formatVersion: nil)
        let record = ReceiptRecord(receipt: receipt, txID: text, createdAt: Date(timeIntervalSince1970: 1.5), sequence: 7,
                                   blockHeight: 3, blockIndex: nil)
        let strings = StringTable()
        #expect(ReceiptRecord(packed: record.packed(strings: strings), strings: strings) == record)
    }

    @Test func idsDigestsAndSignaturesPackSmallerThanTheirText() {
        var w = PackedWriter()
        w.string("rcpt_811886efa5e65d6b9569835b")
        w.string("sha256:3629b22938eeab600f7a3de5e3f64b2a27fd9ddc579f6f13924105c840da8587")
        w.string("pr5HHbiev9UOBzIxCOCMNfbk2Z31eqLUbQIvyTRXgoUT0OBiaeiynr4wojCx3gwy_zm078qhuAdgLxkTCk0RAw")
        #expect(w.bytes.count == (1 + 1 + 5 + 1 + 12) + (1 + 1 + 7 + 1 + 32) + (1 + 1 + 64))
    }
}
