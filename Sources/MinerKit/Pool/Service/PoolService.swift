import Foundation

/// The pool: leases and batches of evolve/evaluate work, consensus over evaluations, SOTA per task
/// type and reputation per window. Each call is one store transaction; the rules are
/// ``ConsensusRule`` and ``ReputationRule``, applied here and nowhere else.
///
/// It takes and returns domain values (``PoolLease``, ``PoolSubmissionOutcome``, ``PoolSummary``, ...);
/// the HTTP adapter maps them to and from the wire. Callers pass the miner's hotkey after authenticating
/// it (the HTTP adapter verifies the SR25519 signature). Every write first expires overdue assignments and settles closed windows, so the
/// pool needs no background task.
///
/// ```swift
/// let pool = try await PoolService.open(store: InMemoryPoolStore())
/// let lease = try await pool.lease(hotkey: "5F...", PoolLeaseTerms(taskType: "cifar10_binary"))
/// ```
public struct PoolService: Sendable {
    /// Where the pool keeps its state.
    public let store: any PoolStore
    /// Server time: windows, deadlines, timestamps.
    public let clock: any TimeSource
    /// Rules, limits and seeds.
    public let configuration: PoolConfiguration
    /// Told what each committed unit of work did (assignments, submissions, consensus, expiries).
    public let observer: (any MinerKitObserver)?

    /// Validates `configuration` and installs its seed algorithms (once; existing ids are kept).
    /// `observer` is told what each committed write did (``MinerKitEvent``'s pool cases).
    public static func open(store: any PoolStore, configuration: PoolConfiguration = PoolConfiguration(),
                            clock: any TimeSource = SystemTimeSource(),
                            observer: (any MinerKitObserver)? = nil) async throws -> PoolService {
        try configuration.validate()
        let service = PoolService(store: store, clock: clock, configuration: configuration, observer: observer)
        let now = clock.now()
        let window = configuration.windows.window(at: now)
        try await store.write { db in
            for (taskType, seeds) in configuration.seeds.seeds {
                for seed in seeds where try await db.algorithm(id: seed.id) == nil {
                    try await db.save(PoolAlgorithm(id: seed.id, taskType: taskType, dsl: seed.algorithmDSL, parentIDs: [],
                                              submitter: nil, isSeed: true, createdAt: now, windowNumber: window))
                }
            }
        }
        return service
    }

    private init(store: any PoolStore, clock: any TimeSource, configuration: PoolConfiguration,
                 observer: (any MinerKitObserver)?) {
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.observer = observer
    }

    /// `GET /health`: where the pool's windows stand now.
    public func health() -> PoolWindowPosition {
        configuration.windows.position(at: clock.now())
    }

    /// Expires overdue assignments and settles closed windows now (every write does this too).
    public func maintain() async throws {
        let now = clock.now()
        try await write { db in try await housekeep(db, at: now) }
    }

    // MARK: Shared checks

    /// The task type a request names, or the default; unknown ones are refused.
    func taskType(_ requested: String?) throws -> String {
        guard let requested else { return configuration.defaultTaskType }
        guard configuration.seeds.seeds[requested] != nil else {
            throw MinerKitError(.validation, code: "unknown_task_type",
                                "Unknown task_type; this pool serves \(configuration.seeds.taskTypes.joined(separator: ", "))")
        }
        return requested
    }

    func checkHotkey(_ hotkey: String) throws {
        try configuration.limits.checkName(hotkey, field: "hotkey")
    }

    static func newID(_ prefix: String) -> String { prefix + RandomID.hex(bytes: 12) }
}
