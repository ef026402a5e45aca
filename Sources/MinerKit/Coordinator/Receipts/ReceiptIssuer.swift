import Foundation

/// Builds and signs the receipt for a completed job; the one place receipt contents are decided.
public struct ReceiptIssuer: Sendable {
    /// The unit receipts count work in.
    public static let unitType = "gpu_seconds"

    private let keyPair: Ed25519KeyPair

    public init(keyPair: Ed25519KeyPair) {
        self.keyPair = keyPair
    }

    /// The coordinator's public key; its `keyID` is every receipt's `signature.key_id`.
    public var publicKey: Ed25519PublicKey { keyPair.publicKey }

    /// The signed receipt for `job`, which must be completed.
    ///
    /// Units are the seconds the miner reported (read by ``ReportedUsage/seconds(in:)``), else the wall
    /// seconds from lease grant to completion, rounded to milliseconds.
    public func issue(for job: Job) throws -> Receipt {
        guard job.state == .completed, let lease = job.lease, let finished = job.finishedAt,
              let resultHash = job.resultHash else {
            throw MinerKitError(.internal, code: "receipt_for_unfinished_job", "job \(job.id) is not completed")
        }
        let wall = finished.timeIntervalSince(lease.grantedAt)
        let units = ((ReportedUsage.seconds(in: job.metrics) ?? max(0, wall)) * 1000).rounded() / 1000
        var receipt = Receipt(
            receiptID: Receipt.newID(), jobID: job.id, provider: lease.minerID, client: job.client,
            units: units, unitType: Self.unitType, price: job.price, model: job.model,
            startedAt: Int64(lease.grantedAt.timeIntervalSince1970.rounded(.down)),
            completedAt: Int64(finished.timeIntervalSince1970.rounded(.down)), resultHash: resultHash,
            signature: Signature(alg: "", keyID: "", sig: ""), formatVersion: Receipt.currentFormatVersion)
        receipt.signature = try keyPair.sign(document: receipt.payload)
        return receipt
    }
}
