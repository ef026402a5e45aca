import Foundation
import Synchronization

/// The coordinator service: clients submit jobs, miners register, heartbeat, lease and complete them,
/// and each completion yields exactly one signed ``Receipt``, sealed later into the explorer's block log.
///
/// Every adapter (HTTP routes, the CLI, the in-process miner transport) calls these methods; the rules
/// live here and in ``JobLifecycle``. Each call that changes state is one pure unit of work (see
/// ``Store``). What must happen once per request happens outside it: signed requests are verified and
/// recorded against replays, rate limits are charged, and waiting miners are woken after the commit.
/// Several coordinators can share one database when they share ``Coordination`` too.
///
/// ```swift
/// let coordinator = Coordinator(store: try SQLiteStore(path: "coordinator.sqlite"), keyPair: .generate())
/// let (client, key) = try await coordinator.createClientKey(name: "demo")
/// let job = try await coordinator.submitJob(JobSubmission(client: client.id, model: "echo", input: "hi"),
///                                           credentials: ClientCredentials(apiKey: key.text))
/// ```
public final class Coordinator: Sendable {
    public let store: any Store
    public let clock: any TimeSource
    public let configuration: CoordinatorConfiguration
    /// The job and lease service underneath.
    public let queue: JobQueue
    /// Wake-ups, replay guard and rate budgets (this process's, or shared by every node).
    public let coordination: Coordination
    let issuer: ReceiptIssuer
    let limiter: RateLimiter
    /// Checks signed-request miner headers (freshness window, replays).
    let signatures: RequestAuthenticator
    /// Miners whose credentials this process has checked (spares a read before each rate charge).
    let verifiedMiners = VerifiedMiners()
    /// Client keys this process has found (spares a read on each client request).
    let knownClients = KnownClientKeys()
    /// The receipts issued here last (served by ``signedReceipt(id:)`` without a read).
    let recentReceipts = RecentReceipts()
    /// Told about leases, lapses, receipts and blocks (metrics); `nil` when nobody listens.
    public let observer: (any MinerKitObserver)?
    private let draining = Atomic<Bool>(false)
    /// Polls of this node waiting for work (``waitingPolls``).
    let pollsWaiting = Atomic<Int>(0)
    /// When a request may next requeue the lapsed leases it meets (``requestReapDue(at:)``).
    private let nextRequestReap = Mutex<Date>(.distantPast)

    /// A coordinator over `store`, signing receipts with `keyPair`, reporting to `observer`.
    public init(store: any Store, keyPair: Ed25519KeyPair, clock: any TimeSource = SystemTimeSource(),
                configuration: CoordinatorConfiguration = CoordinatorConfiguration(),
                coordination: Coordination = .inProcess(), observer: (any MinerKitObserver)? = nil) {
        self.store = store
        self.clock = clock
        self.configuration = configuration
        self.coordination = coordination
        self.observer = observer
        queue = JobQueue(store: store, clock: clock,
                         policy: LeasePolicy(leaseDuration: configuration.heartbeatTimeout,
                                             maxAttempts: configuration.maxAttempts),
                         limits: configuration.jobLimits)
        issuer = ReceiptIssuer(keyPair: keyPair)
        limiter = RateLimiter(limits: configuration.rateLimits, clock: clock, budgets: coordination.rateBudgets)
        signatures = RequestAuthenticator(timeSource: clock, replays: coordination.replays)
    }

    /// The key receipts are signed with (served at `GET /v1/keys`).
    public var publicKey: Ed25519PublicKey { issuer.publicKey }

    // MARK: Housekeeping

    /// One maintenance pass: requeue lapsed leases (waking waiting miners), mark miners silent past the
    /// heartbeat timeout offline, delete idempotency keys past their lifetime and expired console sessions,
    /// and seal a block when the oldest unsealed receipt is older than the block interval.
    @discardableResult
    public func maintain() async throws -> MaintenanceReport {
        let now = clock.now()
        let (report, lapsed) = try await store.write { db in
            let requeued = try await self.reapExpired(db, at: now)
            _ = try await db.deleteIdempotencyKeys(createdBefore: now.addingTimeInterval(-Self.idempotencyKeyLifetime), limit: 1_000)
            _ = try await db.deleteConsoleSessions(expiredBefore: now, limit: 1_000)
            let silent = try await db.silentMiners(before: now.addingTimeInterval(-self.configuration.heartbeatTimeout), limit: 256)
            for var miner in silent {
                miner.status = .offline
                try await db.save(miner)
            }
            var sealed: Block?
            if let oldest = try await db.unsealedReceipts(limit: 1).first,
               now.timeIntervalSince(oldest.createdAt) >= self.configuration.blockInterval {
                sealed = try await self.sealBlock(db, at: now)
            }
            return (MaintenanceReport(expiredLeases: requeued.count, offlineMiners: silent.count, sealedBlock: sealed),
                    requeued)
        }
        await announce(lapsed)
        reportLapsed(lapsed)
        if let block = report.sealedBlock { observer?.observe(.blockSealed(receipts: block.transactions)) }
        return report
    }

    /// Runs ``maintain()`` every `interval` until the task is cancelled, on the node that holds
    /// ``Coordination/leadership`` (the others stand by and take over when it goes); each pass's report
    /// goes to `onReport`, failures to `onError`, and the loop goes on. Leadership is given up on return.
    public func runMaintenance(every interval: Duration = .seconds(1),
                               onReport: @Sendable (MaintenanceReport) -> Void = { _ in },
                               onError: @Sendable (any Error) -> Void = { _ in }) async {
        while !Task.isCancelled {
            if await coordination.leadership.isLeader() {
                do { onReport(try await maintain()) } catch { onError(error) }
            }
            try? await Task.sleep(for: interval)
        }
        await coordination.leadership.resign()
    }

    /// Ends this node's long polls for a shutdown: every poll waiting now returns at once without a job,
    /// and later polls do not wait. Everything else keeps working, so requests in flight finish.
    public func drain() async {
        draining.store(true, ordering: .sequentiallyConsistent)
        await coordination.wakeUps.endWaits()
    }

    /// Whether ``drain()`` was called.
    public var isDraining: Bool { draining.load(ordering: .sequentiallyConsistent) }

    /// How many long polls this node holds open now, waiting for a job (the `minerkit_long_polls_waiting`
    /// gauge): what a drain ends at once, and what a miner fleet at rest looks like.
    public var waitingPolls: Int { pollsWaiting.load(ordering: .relaxed) }

    /// Seconds between two requeues of lapsed leases by requests on one node.
    static let requestReapInterval: TimeInterval = 0.25

    /// Whether a leasing request should first requeue the lapsed leases it finds: at most once per
    /// ``requestReapInterval`` on this node, so a busy node does not scan for them on every lease (the
    /// maintenance pass requeues them every second besides). Decided before the unit of work, which
    /// stays pure when it runs again.
    func requestReapDue(at now: Date) -> Bool {
        nextRequestReap.withLock { next in
            guard now >= next else { return false }
            next = now.addingTimeInterval(Self.requestReapInterval)
            return true
        }
    }

    // MARK: Shared steps (inside a transaction)

    /// Requeues or dead-letters lapsed leases, charging each to the miner that let it lapse.
    func reapExpired(_ db: any StoreWriter, at now: Date) async throws -> [Job] {
        let changed = try await queue.reapExpired(db, at: now)
        for job in changed {
            guard let holder = job.lease?.minerID else { continue }
            try await db.accumulate(MinerStats(minerID: holder, expired: 1))
        }
        return changed
    }

    /// Seals the oldest unsealed receipts (up to the block size) into the next block, holding the
    /// ledger lock so every node appends to one chain.
    func sealBlock(_ db: any StoreWriter, at now: Date) async throws -> Block? {
        try await db.lockLedger()
        let records = try await db.unsealedReceipts(limit: configuration.blockSize)
        guard !records.isEmpty else { return nil }
        let leaves = records.compactMap { Hex.decode($0.txID) }
        let latest = try await db.latestBlock()
        let block = try Block.seal(leaves: leaves, after: latest, at: now)
        try await db.append(block)
        try await db.seal(receiptIDs: records.map(\.receipt.receiptID), inBlock: block.height)
        return block
    }

    /// Reports the lapsed leases among `changed`, the jobs ``reapExpired(_:at:)`` moved (after the unit
    /// of work that moved them committed).
    func reportLapsed(_ changed: [Job]) {
        guard let observer, !changed.isEmpty else { return }
        let requeued = changed.filter { $0.state == .queued }.count
        observer.observe(.leasesLapsed(requeued: requeued, deadLettered: changed.count - requeued))
    }

    /// Wakes one waiting miner per queued job (after the unit of work that queued them committed),
    /// unless the database announced them itself on commit.
    func announce(_ jobs: [Job]) async {
        guard !coordination.wakeUps.announcedByDatabase else { return }
        var counts: [String: Int] = [:]
        for job in jobs where job.state == .queued { counts[job.model, default: 0] += 1 }
        for (model, count) in counts { await coordination.wakeUps.announce(model: model, count: count) }
    }
}
