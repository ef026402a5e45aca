import Foundation
import MinerKit

/// The coordinator's console: server-rendered pages over the coordinator's own reads, served under
/// `/ui` next to the API by ``CoordinatorConsoleRoutes``.
///
/// Receipts, blocks and miners are public; a client's jobs are shown only to a request carrying that
/// client's key (``ClientCredentials``), checked by the same rule as `GET /v1/jobs`.
///
/// ```swift
/// let console = CoordinatorConsole(coordinator: coordinator)
/// let html = try await console.jobsPage(credentials: ClientCredentials(apiKey: key), state: nil, limit: 100)
/// ```
public struct CoordinatorConsole: Sendable {
    public let coordinator: Coordinator

    /// The page shell: navigation and search.
    public let page = ConsolePage(product: "MinerKit Coordinator", links: [
        .init("/ui", "Overview"), .init("/ui/jobs", "Jobs"), .init("/ui/miners", "Miners"),
        .init("/ui/blocks", "Explorer"), .init("/ui/verify", "Verify a receipt"),
    ], search: true)

    /// The overview shared by viewers for a second (``ConsoleOverviewCache``).
    let overviewCache = ConsoleOverviewCache()

    public init(coordinator: Coordinator) {
        self.coordinator = coordinator
    }

    /// The overview's numbers, at most a second old (what `/ui/overview.json` serves).
    public func overview() async throws -> ConsoleOverview {
        try await overviewCache.overview(of: coordinator)
    }

    /// The overview: counters, throughput and latest blocks (at most a second old), updated live by
    /// `console.js` from `/ui/overview.json` (the numbers are in the page too, so it reads without JavaScript).
    public func overviewPage() async throws -> HTML {
        let overview = try await overview()
        let states = JobState.allCases.map(\.apiName)
        let stateHeads = states.map { state -> HTML in "<th scope=\"col\">\(state)</th>" }
        let stateCells = states.map { state -> HTML in
            "<td><a href=\"/ui/jobs?state=\(state)\" data-live=\"jobs.\(state)\">\(overview.jobs[state] ?? 0)</a></td>"
        }
        let peak = max(overview.receiptsPerMinute.max() ?? 0, 1)
        let minutes = overview.receiptsPerMinute.enumerated().map { index, count -> HTML in
            let ago = ConsoleOverview.throughputMinutes - index
            return """
                <tr><th scope="row">\(ago == 1 ? "last minute" : "\(ago) min ago")</th>\
                <td><meter min="0" max="\(peak)" value="\(count)" data-live-meter="receipts_per_minute.\(index)"></meter></td>\
                <td data-live="receipts_per_minute.\(index)">\(count)</td></tr>
                """
        }
        let body: HTML = """
            <div data-live-source="/ui/overview.json">
            <section class="cards">
            \(card("Queue depth", "queue_depth", overview.queueDepth))\(card("Jobs", "total_jobs", overview.totalJobs))\
            \(card("Miners online", "miners_online", overview.minersOnline))\(card("Miners", "miners_total", overview.minersTotal))\
            \(card("Receipts", "receipts", overview.receipts))\(card("Block height", "block_height", overview.blockHeight))
            </section>
            <h2>Jobs by state</h2>
            <div class="scroll"><table id="jobs-by-state"><thead><tr>\(stateHeads)</tr></thead><tbody><tr>\(stateCells)</tr></tbody></table></div>
            <h2>Receipts per minute</h2>
            <table id="throughput"><tbody>\(minutes)</tbody></table>
            <p class="note" data-live-flag="throughput_truncated"\(overview.throughputTruncated ? "" : " hidden")>\
            More than \(ConsoleOverview.throughputSample) receipts in the window: counts are a lower bound.</p>
            <h2>Latest blocks</h2>
            <div class="scroll"><table id="latest-blocks"><thead><tr><th>Height</th><th>Sealed</th><th>Receipts</th><th>Hash</th></tr></thead>
            <tbody data-live-blocks="latest_blocks">\(overview.latestBlocks.map(blockRow))</tbody></table></div>
            <p class="note">Updated <time data-live="generated_at">\(overview.generatedAt)</time> <span class="live-status" aria-live="polite"></span></p>
            </div>
            """
        return page.document(title: "Overview", body: body, scripts: ["console.js"])
    }

    private func card(_ label: String, _ field: String, _ value: Int) -> HTML {
        "<div class=\"card\"><span class=\"label\">\(label)</span><span class=\"value\" data-live=\"\(field)\">\(value)</span></div>"
    }

    func blockRow(_ block: ConsoleOverview.BlockRow) -> HTML {
        """
        <tr><td><a href="/ui/blocks/\(block.height)">\(block.height)</a></td><td>\(block.time)</td>\
        <td>\(block.transactions)</td><td class="hash" title="\(block.hash)">\(ConsoleFormat.short(block.hash))</td></tr>
        """
    }
}
