import Metrics
import MinerKit

/// Maps what the services report (``MinerKitEvent``, refused requests, scrape-time counts) onto
/// swift-metrics series; with ``ProcessMetrics`` bootstrapped they are served at `/metrics`. The series
/// and their meaning are listed in Docs/Operating.md.
///
/// Create it after ``ProcessMetrics/bootstrap()``: swift-metrics binds a series to the backend of the
/// moment it is created.
public struct ServiceMetrics: MinerKitObserver {
    static let realTimeFactorLabel = "minerkit_inference_real_time_factor"

    private let leasesGranted = Counter(label: "minerkit_leases_granted_total")
    private let leasesRenewed = Counter(label: "minerkit_leases_renewed_total")
    private let leasesLapsed = Counter(label: "minerkit_leases_lapsed_total")
    private let deadLetters = Counter(label: "minerkit_dead_letters_total")
    private let receiptsIssued = Counter(label: "minerkit_receipts_issued_total")
    private let blocksSealed = Counter(label: "minerkit_blocks_sealed_total")
    private let inferences = Counter(label: "minerkit_inference_requests_total")
    private let audioSeconds = FloatingPointCounter(label: "minerkit_inference_audio_seconds_total")
    private let realTimeFactor = Recorder(label: realTimeFactorLabel)
    private let modelLoad = Gauge(label: "minerkit_model_load_seconds")
    private let poolEvaluations = Counter(label: "minerkit_pool_evaluations_recorded_total")
    private let poolEvolutions = Counter(label: "minerkit_pool_evolutions_recorded_total")
    private let poolExpired = Counter(label: "minerkit_pool_assignments_expired_total")

    public init() {}

    public func observe(_ event: MinerKitEvent) {
        switch event {
        case .leaseGranted: leasesGranted.increment()
        case .leasesRenewed(let count): leasesRenewed.increment(by: count)
        case .leasesLapsed(let requeued, let deadLettered):
            leasesLapsed.increment(by: requeued + deadLettered)
            deadLetters.increment(by: deadLettered)
        case .receiptIssued: receiptsIssued.increment()
        case .blockSealed: blocksSealed.increment()
        case .inferenceCompleted(let audio, let processing):
            inferences.increment()
            audioSeconds.increment(by: audio)
            if audio > 0 { realTimeFactor.record(processing / audio) }
        case .modelLoaded(let seconds): modelLoad.record(seconds)
        case .poolAssignmentIssued(let kind):
            Counter(label: "minerkit_pool_assignments_issued_total", dimensions: [("kind", kind)]).increment()
        case .poolSubmissionAccepted(let kind, let evaluations, let evolutions):
            Counter(label: "minerkit_pool_submissions_total", dimensions: [("kind", kind)]).increment()
            poolEvaluations.increment(by: evaluations)
            poolEvolutions.increment(by: evolutions)
        case .poolConsensus(let outcome):
            Counter(label: "minerkit_pool_consensus_total", dimensions: [("outcome", outcome)]).increment()
        case .poolAssignmentsExpired(let count): poolExpired.increment(by: count)
        }
    }

    /// Counts a refused request: `minerkit_rate_limit_refusals_total`, or
    /// `minerkit_auth_failures_total{reason}` with the error code as the reason.
    static func refused(_ error: MinerKitError) {
        switch error.kind {
        case .rateLimited: Counter(label: "minerkit_rate_limit_refusals_total").increment()
        case .unauthorized, .forbidden: Counter(label: "minerkit_auth_failures_total", dimensions: [("reason", error.code)]).increment()
        default: break
        }
    }

    /// Sets `minerkit_jobs{state}` and `minerkit_queue_depth` from `coordinator`'s store, and
    /// `minerkit_long_polls_waiting` from the node itself.
    public static func refreshJobs(of coordinator: Coordinator) async throws {
        Gauge(label: "minerkit_long_polls_waiting").record(coordinator.waitingPolls)
        let counts = try await coordinator.store.read { db in try await db.jobCounts() }
        for (state, count) in counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            Gauge(label: "minerkit_jobs", dimensions: [("state", state.rawValue)]).record(count)
            if state == .queued { Gauge(label: "minerkit_queue_depth").record(count) }
        }
    }

    /// Sets the pool's gauges from its monitor summary (the current window's leases, consensus and
    /// throughput).
    public static func refreshPool(_ pool: PoolService) async throws {
        let summary = try await pool.monitorSummary()
        let counts = summary.snapshot.counts
        for (state, count) in [("active", counts.activeAssignments), ("completed", counts.completedAssignments),
                               ("expired", counts.expiredAssignments)] {
            Gauge(label: "minerkit_pool_leases", dimensions: [("state", state)]).record(count)
        }
        for (outcome, count) in [("pending", counts.pendingAlgorithms), ("scored", counts.scoredAlgorithms),
                                 ("unresolved", counts.unresolvedAlgorithms),
                                 ("agreement", summary.agreementsInWindow),
                                 ("disagreement", summary.disagreementsInWindow)] {
            Gauge(label: "minerkit_pool_consensus", dimensions: [("outcome", outcome)]).record(count)
        }
        Gauge(label: "minerkit_pool_evaluations").record(counts.evaluations)
        Gauge(label: "minerkit_pool_evolutions_in_window").record(summary.evolutionsInWindow)
        Gauge(label: "minerkit_pool_miners").record(counts.miners)
    }

    /// Sets `minerkit_inference_queue_depth` from `service`.
    public static func refreshInference(_ service: InferenceService) async {
        Gauge(label: "minerkit_inference_queue_depth").record(await service.queued)
    }
}
