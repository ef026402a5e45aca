import MinerKit

/// The overview as last read, shared by every viewer for `maxAge`: however many pages poll, the
/// coordinator's store reads the overview (counts kept by the store, the newest receipts' times)
/// at most about once per `maxAge`.
actor ConsoleOverviewCache {
    private let maxAge: Duration
    private var cached: (at: ContinuousClock.Instant, overview: ConsoleOverview)?

    init(maxAge: Duration = .seconds(1)) {
        self.maxAge = maxAge
    }

    /// The cached overview while it is younger than `maxAge`, else a fresh read of `coordinator`.
    func overview(of coordinator: Coordinator) async throws -> ConsoleOverview {
        let now = ContinuousClock.now
        if let cached, now - cached.at < maxAge { return cached.overview }
        let overview = try await ConsoleOverview.read(coordinator)
        cached = (now, overview)
        return overview
    }
}
