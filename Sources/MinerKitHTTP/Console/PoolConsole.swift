import Foundation
import MinerKit

/// The pool's console: the current window and its time left, SOTA per task type and how it rose,
/// miners by reputation, and recent consensus outcomes. Public, read-only; served under `/ui` of the
/// pool server by ``PoolConsoleRoutes``. Algorithms' code is not shown.
public struct PoolConsole: Sendable {
    public let pool: PoolService

    /// The page shell.
    public let page = ConsolePage(product: "MinerKit Pool", links: [.init("/ui", "Overview")])

    /// Rows of the leaderboard; scored candidates read for history and outcomes (both bounded).
    public static let leaderboardRows = 50
    public static let scoredSample = 200
    public static let outcomeRows = 20

    public init(pool: PoolService) {
        self.pool = pool
    }

    /// One SOTA change: `algorithmID` beat every earlier score of its task type when consensus resolved.
    public struct SOTAStep: Sendable, Equatable {
        public var algorithmID: String
        public var score: Double
        public var resolvedAt: Date
    }

    /// The rises of SOTA among `algorithms` (any order): the ones that beat every score resolved
    /// before them, oldest first.
    public static func history(of algorithms: [PoolAlgorithm]) -> [SOTAStep] {
        var best = -Double.infinity
        var steps: [SOTAStep] = []
        let resolved = algorithms.compactMap { algorithm -> (PoolAlgorithm, Double, Date)? in
            guard let score = algorithm.consensusScore, let at = algorithm.resolvedAt else { return nil }
            return (algorithm, score, at)
        }.sorted { ($0.2, $0.0.id) < ($1.2, $1.0.id) }
        for (algorithm, score, at) in resolved where score > best {
            best = score
            steps.append(SOTAStep(algorithmID: algorithm.id, score: score, resolvedAt: at))
        }
        return steps
    }

    /// The pool's one page.
    public func overviewPage() async throws -> HTML {
        let status = try await PoolConsoleStatus.read(pool)
        let taskTypes = pool.configuration.seeds.taskTypes
        let (miners, sota, scored) = try await pool.store.read { db in
            var sota: [String: PoolSOTA] = [:]
            var scored: [String: [PoolAlgorithm]] = [:]
            for taskType in taskTypes {
                sota[taskType] = try await db.sota(taskType: taskType)
                scored[taskType] = try await db.scoredAlgorithms(taskType: taskType, minScore: nil, verified: nil, limit: Self.scoredSample)
            }
            return (try await db.minersByReputation(limit: Self.leaderboardRows), sota, scored)
        }
        let now = pool.clock.now()
        let sotaRows = taskTypes.map { taskType -> HTML in
            guard let best = sota[taskType] else { return "<tr><td>\(taskType)</td><td colspan=\"3\">no consensus score yet</td></tr>" }
            return """
                <tr data-task-type="\(taskType)"><td>\(taskType)</td><td class="hash">\(best.algorithmID)</td>\
                <td data-field="sota_score">\(best.score, digits: 4)</td><td>\(ConsoleFormat.time(best.updatedAt))</td></tr>
                """
        }
        let histories = taskTypes.map { taskType -> HTML in
            let steps = Self.history(of: scored[taskType] ?? [])
            let items = steps.reversed().map { step -> HTML in
                "<li><time>\(ConsoleFormat.time(step.resolvedAt))</time> <span class=\"hash\">\(step.algorithmID)</span> \(step.score, digits: 4)</li>"
            }
            let list: HTML = items.isEmpty ? "<p class=\"note\">No scored candidate yet.</p>"
                : "<ol class=\"history\" data-history=\"\(taskType)\">\(items)</ol>"
            return "<h3>\(taskType)</h3>\(list)"
        }
        let leaderboard = miners.enumerated().map { index, miner -> HTML in
            """
            <tr data-hotkey="\(miner.hotkey)"><td>\(index + 1)</td><td class="hash">\(miner.hotkey)</td>\
            <td>\(miner.reputation, digits: 4)</td><td>\(miner.evaluations)</td><td>\(miner.evolutions)</td>\
            <td>\(miner.agreements)</td><td>\(miner.disagreements)</td>\
            <td title="\(ConsoleFormat.time(miner.lastSeenAt))">\(ConsoleFormat.age(miner.lastSeenAt, now: now)) ago</td></tr>
            """
        }
        let outcomes = scored.values.joined()
            .sorted { ($0.resolvedAt ?? .distantPast) > ($1.resolvedAt ?? .distantPast) }
            .prefix(Self.outcomeRows)
            .map { algorithm -> HTML in
                """
                <tr><td class="hash">\(algorithm.id)</td><td>\(algorithm.taskType)</td>\
                <td>\(algorithm.consensusScore ?? 0, digits: 4)</td><td>\(algorithm.evaluationCount)</td>\
                <td>\(algorithm.submitter.map { ConsoleFormat.short($0, 16) } ?? "seed")</td>\
                <td>\(algorithm.resolvedAt.map(ConsoleFormat.time) ?? "-")</td><td>\(algorithm.verifiedAt == nil ? "no" : "yes")</td></tr>
                """
            }
        let body: HTML = """
            <div data-live-source="/ui/status.json">
            <section class="cards">
            <div class="card"><span class="label">Window</span><span class="value" data-live="window_number">\(status.windowNumber)</span></div>
            <div class="card"><span class="label">Time left</span><span class="value" data-live-countdown="time_remaining_s" \
            data-seconds="\(Int(status.timeRemainingS))">\(Int(status.timeRemainingS)) s</span></div>
            <div class="card"><span class="label">Block</span><span class="value" data-live="current_block">\(status.currentBlock)</span></div>
            <div class="card"><span class="label">Miners</span><span class="value" data-live="miners">\(status.miners)</span></div>
            <div class="card"><span class="label">Active leases</span><span class="value" data-live="active_leases">\(status.activeLeases)</span></div>
            <div class="card"><span class="label">Evaluations</span><span class="value" data-live="evaluations">\(status.evaluations)</span></div>
            <div class="card"><span class="label">Scored / pending / unresolved</span><span class="value">\
            <span data-live="scored_candidates">\(status.scoredCandidates)</span> / <span data-live="pending_candidates">\(status.pendingCandidates)</span> / \
            <span data-live="unresolved_candidates">\(status.unresolvedCandidates)</span></span></div>
            </section>
            <p class="note">Windows last \(Int(status.windowSeconds)) s. Updated <time data-live="generated_at">\(status.generatedAt)</time> \
            <span class="live-status" aria-live="polite"></span></p>
            </div>
            <h2>State of the art</h2>
            <div class="scroll"><table id="sota"><thead><tr><th>Task type</th><th>Algorithm</th><th>Score</th><th>Since</th></tr></thead>
            <tbody>\(sotaRows)</tbody></table></div>
            <h2>How it rose</h2>\(histories)
            <h2>Leaderboard: miners by reputation</h2>
            <div class="scroll"><table id="leaderboard"><thead><tr><th>#</th><th>Hotkey</th><th>Reputation</th><th>Evaluations</th>\
            <th>Evolutions</th><th>Agreements</th><th>Disagreements</th><th>Last seen</th></tr></thead>
            <tbody>\(leaderboard)</tbody></table></div>
            <h2>Recent consensus outcomes</h2>
            <div class="scroll"><table id="outcomes"><thead><tr><th>Candidate</th><th>Task type</th><th>Consensus score</th>\
            <th>Evaluations</th><th>Submitter</th><th>Resolved</th><th>Verified</th></tr></thead>
            <tbody>\(Array(outcomes))</tbody></table></div>
            """
        return page.document(title: "Pool", body: body, scripts: ["console.js"])
    }
}
