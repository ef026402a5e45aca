/// Something a MinerKit service did that an operator counts: reported to a ``MinerKitObserver`` after
/// the unit of work that did it committed (a retried transaction reports once).
///
/// The core keeps no metrics or logging package: the adapters map these events onto theirs (the HTTP
/// servers onto Prometheus series, see `MinerKitHTTP`'s `ServiceMetrics`).
public enum MinerKitEvent: Sendable, Equatable {
    /// The coordinator leased a job of `model` to a miner (a claim or a poll).
    case leaseGranted(model: String)
    /// A heartbeat renewed `count` live leases.
    case leasesRenewed(count: Int)
    /// Leases lapsed: `requeued` jobs went back to the queue, `deadLettered` failed for good after their
    /// last attempt.
    case leasesLapsed(requeued: Int, deadLettered: Int)
    /// A completion was accepted and its receipt signed.
    case receiptIssued
    /// A block of `receipts` receipts was appended to the ledger.
    case blockSealed(receipts: Int)
    /// The inference server enhanced `audioSeconds` of audio in `processingSeconds`.
    case inferenceCompleted(audioSeconds: Double, processingSeconds: Double)
    /// The inference server loaded its model in `seconds`.
    case modelLoaded(seconds: Double)
    /// The pool gave a miner an assignment of `kind` (`lease`, `evaluate` or `evolve` batch).
    case poolAssignmentIssued(kind: String)
    /// The pool accepted a submission for an assignment of `kind`, with `evaluations` evaluations
    /// recorded (repeats and foreign ones are not) and `evolutions` new algorithms stored.
    case poolSubmissionAccepted(kind: String, evaluations: Int, evolutions: Int)
    /// A candidate's evaluations settled: `scored` (the evaluators agreed) or `unresolved`.
    case poolConsensus(outcome: String)
    /// Assignments passed their deadline unsubmitted and were expired.
    case poolAssignmentsExpired(count: Int)
}
