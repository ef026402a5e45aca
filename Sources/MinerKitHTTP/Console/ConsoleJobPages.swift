import Foundation
import MinerKit

extension CoordinatorConsole {
    /// Rows a jobs page lists at most.
    public static let maxRows = 100
    /// The deepest `offset=` an old page link may ask for: further pages go by cursor (`before=`), which
    /// costs one page at any depth, where an offset costs every job it skips.
    public static let maxOffset = 1_000

    /// The client's jobs, newest first, optionally only those in `state`: at most `limit` (1...100) rows
    /// older than `before` (or after skipping `offset`, up to ``maxOffset``; an older link asking for
    /// more lands on the newest page with a note), with a link to the next page by cursor. Throws 401
    /// without a valid client key.
    /// `signOutToken`, the visitor's form token when signed in by a console session, adds the sign-out form.
    public func jobsPage(credentials: ClientCredentials, state: JobState?, limit: Int, offset: Int = 0,
                         before: JobCursor? = nil, signOutToken: String? = nil) async throws -> HTML {
        let limit = min(max(limit, 1), Self.maxRows)
        let tooDeep = offset > Self.maxOffset
        let offset = tooDeep || before != nil ? 0 : max(offset, 0)
        let listing = try await coordinator.jobPage(JobQuery(state: state, limit: limit, offset: offset, before: before),
                                                 credentials: credentials)
        let jobs = listing.jobs
        let now = coordinator.clock.now()
        let choices: [JobState?] = [nil] + JobState.allCases.map { Optional($0) }
        let options = choices.map { option -> HTML in
            let value = option?.apiName ?? ""
            return "<option value=\"\(value)\"\(option == state ? " selected" : "")>\(option?.apiName ?? "any state")</option>"
        }
        let rows = jobs.map { job -> HTML in
            let lease: HTML = job.lease.map { "<a href=\"/ui/miners/\($0.minerID)\">\($0.minerID)</a>" } ?? "-"
            return """
                <tr><td><a href="/ui/jobs/\(job.id)">\(job.id)</a></td><td class="state state-\(job.state.apiName)">\(job.state.apiName)</td>\
                <td>\(job.model)</td><td>\(job.attempts)</td><td>\(lease)</td><td>\(job.lease.map { String($0.token) } ?? "-")</td>\
                <td title="\(ConsoleFormat.time(job.createdAt))">\(ConsoleFormat.age(job.createdAt, now: now)) ago</td></tr>
                """
        }
        let next: HTML = listing.next.map { cursor -> HTML in
            "<p><a rel=\"next\" href=\"/ui/jobs?state=\(state?.apiName ?? "")&amp;limit=\(limit)&amp;before=\(cursor.token)\">Older jobs</a></p>"
        } ?? ""
        let position: HTML = before != nil ? ", older than the previous page" : offset > 0 ? ", after the first \(offset)" : ""
        let notice: HTML = tooDeep
            ? "<p class=\"note\">That link asked for jobs after the first \(Self.maxOffset); pages now go on from one to the next (Older jobs), so here are the newest.</p>"
            : ""
        let body: HTML = """
            <form class="filter" method="get" action="/ui/jobs">
            <label for="state">State</label><select id="state" name="state">\(options)</select>
            <label for="limit">Rows</label><input id="limit" name="limit" type="number" min="1" max="\(Self.maxRows)" value="\(limit)">
            <button type="submit">Filter</button></form>
            \(signOutToken.map(ConsoleSessionCookie.signOutForm) ?? "")
            \(notice)<p class="note">\(jobs.count) job\(jobs.count == 1 ? "" : "s") shown, newest first\(position).</p>
            <div class="scroll"><table id="jobs"><thead><tr><th>Job</th><th>State</th><th>Model</th><th>Attempts</th>\
            <th>Lease holder</th><th>Fencing token</th><th>Submitted</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>\(next)
            """
        return page.document(title: "Your jobs", body: body)
    }

    /// One of the client's jobs: its states over time, lease, attempts, failure reason and receipt.
    /// Throws 401 without a valid client key, 404 for a job that is not the client's.
    public func jobPage(id: String, credentials: ClientCredentials) async throws -> HTML {
        let job = try await coordinator.job(id: id, credentials: credentials)
        let receipt = try await coordinator.store.read { db in try await db.receipt(jobID: job.id) }
        let now = coordinator.clock.now()
        var history: [HTML] = ["<li><time>\(ConsoleFormat.time(job.createdAt))</time> submitted (pending)</li>"]
        if let started = job.startedAt, let lease = job.lease {
            history.append("""
                <li><time>\(ConsoleFormat.time(started))</time> leased (running) to \(lease.minerID), \
                lease \(lease.token) (fencing token)\(job.attempts > 0 ? ", after \(job.attempts) failed or lapsed" : "")</li>
                """)
        }
        if let finished = job.finishedAt {
            history.append("<li><time>\(ConsoleFormat.time(finished))</time> \(job.state.apiName)</li>")
        } else if job.updatedAt != job.createdAt && job.updatedAt != job.startedAt {
            history.append("<li><time>\(ConsoleFormat.time(job.updatedAt))</time> last change: now \(job.state.apiName)</li>")
        }
        let lease: HTML = job.lease.map { lease in
            """
            <dt>Lease holder</dt><dd><a href="/ui/miners/\(lease.minerID)">\(lease.minerID)</a></dd>
            <dt>Fencing token</dt><dd data-field="fencing_token">\(lease.token)</dd>
            <dt>Lease deadline</dt><dd>\(ConsoleFormat.time(lease.deadline))\(job.state == .leased ? " (in \(max(0, Int(lease.deadline.timeIntervalSince(now)))) s)" : "")</dd>
            """
        } ?? "<dt>Lease holder</dt><dd>none yet</dd>"
        let receiptLink: HTML = receipt.map { "<a href=\"/ui/receipts/\($0.receipt.receiptID)\">\($0.receipt.receiptID)</a>" }
            ?? "none (the job is \(job.state.apiName))"
        let body: HTML = """
            <dl class="fields" id="job">
            <dt>Job</dt><dd data-field="job_id">\(job.id)</dd>
            <dt>State</dt><dd data-field="status" class="state state-\(job.state.apiName)">\(job.state.apiName)</dd>
            <dt>Model</dt><dd data-field="model">\(job.model)</dd>
            <dt>Priority</dt><dd>\(job.priority)</dd>
            <dt>Price</dt><dd>\(job.price, digits: 4)</dd>
            <dt>Failed or lapsed attempts</dt><dd data-field="attempts">\(job.attempts)</dd>
            \(lease)
            <dt>Failure reason</dt><dd data-field="failure_reason">\(job.failureReason ?? "-")</dd>
            <dt>Result hash</dt><dd class="hash">\(job.resultHash ?? "-")</dd>
            <dt>Input</dt><dd>\(job.input.utf8.count) bytes (not shown)</dd>
            <dt>Receipt</dt><dd data-field="receipt">\(receiptLink)</dd>
            </dl>
            <h2>History</h2><ol class="history">\(history)</ol>
            <p><a href="/ui/jobs">All your jobs</a></p>
            """
        return page.document(title: "Job \(job.id)", body: body)
    }
}
