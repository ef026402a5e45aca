import Foundation
import MinerKit

extension CoordinatorConsole {
    /// Sealed blocks, newest first, `limit` per page below height `before` (all when `nil`).
    public func blocksPage(before: Int?, limit: Int = 50) async throws -> HTML {
        let blocks = try await coordinator.blocks(below: before, limit: min(max(limit, 1), Self.maxRows))
        let rows = blocks.map { block -> HTML in
            """
            <tr data-height="\(block.height)"><td><a href="/ui/blocks/\(block.height)">\(block.height)</a></td>\
            <td>\(ConsoleFormat.time(block.timestamp))</td><td>\(block.transactions)</td>\
            <td class="hash" title="\(block.merkleRoot)">\(ConsoleFormat.short(block.merkleRoot))</td>\
            <td class="hash" title="\(block.previousHash)">\(ConsoleFormat.short(block.previousHash))</td></tr>
            """
        }
        let older: HTML = blocks.count == limit && (blocks.last?.height ?? 0) > 1
            ? "<p><a href=\"/ui/blocks?before=\(blocks.last?.height ?? 0)\">Older blocks</a></p>" : ""
        let body: HTML = """
            <div class="scroll"><table id="blocks"><thead><tr><th>Height</th><th>Sealed</th><th>Receipts</th>\
            <th>Merkle root</th><th>Previous hash</th></tr></thead><tbody>\(rows)</tbody></table></div>\(older)
            """
        return page.document(title: "Blocks", body: body)
    }

    /// Block `height` with its receipts in block order (404 when unknown).
    public func blockPage(height: Int) async throws -> HTML {
        let (block, records) = try await coordinator.block(height: height)
        let body: HTML = """
            <dl class="fields" id="block">
            <dt>Height</dt><dd data-field="height">\(block.height)</dd>
            <dt>Sealed</dt><dd data-field="timestamp">\(ConsoleFormat.time(block.timestamp))</dd>
            <dt>Hash</dt><dd class="hash" data-field="hash">\(block.hash)</dd>
            <dt>Previous hash</dt><dd class="hash" data-field="previous_hash">\(block.height > 1 ? "<a href=\"/ui/blocks/\(block.height - 1)\">\(block.previousHash)</a>" as HTML : "\(block.previousHash)")</dd>
            <dt>Merkle root</dt><dd class="hash" data-field="merkle_root">\(block.merkleRoot)</dd>
            <dt>Receipts</dt><dd data-field="transactions">\(block.transactions)</dd>
            </dl>
            <h2>Receipts in this block</h2>
            <div class="scroll"><table id="receipts"><thead><tr><th>Receipt</th><th>Job</th><th>Units</th><th>Completed</th><th>Block</th></tr></thead>
            <tbody>\(records.map(receiptRow))</tbody></table></div>
            """
        return page.document(title: "Block \(block.height)", body: body)
    }

    /// Receipt `id`: its fields as stored, and a verdict computed in the browser (`receipt-verify.js`):
    /// the signature against the coordinator's published key and the inclusion proof up to the block's
    /// Merkle root. 404 when unknown.
    public func receiptPage(id: String) async throws -> HTML {
        let record = try await coordinator.receipt(id: id)
        let receipt = record.receipt
        let block: HTML = record.blockHeight.map { "<a href=\"/ui/blocks/\($0)\">\($0)</a> (position \(record.blockIndex ?? 0))" }
            ?? "not sealed yet"
        let body: HTML = """
            <section class="verdict" id="verification" data-receipt-id="\(receipt.receiptID)">
            <p><strong>Verification: </strong><span id="verdict" data-state="pending">checking…</span></p>
            <ul id="checks"></ul>
            <noscript><p>Checking the signature and inclusion proof happens in your browser and needs JavaScript; \
            or run <code>minerkit receipts verify</code> offline.</p></noscript>
            </section>
            <dl class="fields" id="receipt">
            <dt>Receipt</dt><dd data-field="receipt_id">\(receipt.receiptID)</dd>
            <dt>Job</dt><dd data-field="job_id">\(receipt.jobID)</dd>
            <dt>Provider</dt><dd data-field="provider"><a href="/ui/miners/\(receipt.provider)">\(receipt.provider)</a></dd>
            <dt>Client</dt><dd data-field="client">\(receipt.client)</dd>
            <dt>Model</dt><dd data-field="model">\(receipt.model)</dd>
            <dt>Units</dt><dd data-field="units">\(receipt.units, digits: 4) \(receipt.unitType)</dd>
            <dt>Price</dt><dd data-field="price">\(receipt.price, digits: 4)</dd>
            <dt>Started</dt><dd>\(ConsoleFormat.time(Date(timeIntervalSince1970: Double(receipt.startedAt))))</dd>
            <dt>Completed</dt><dd>\(ConsoleFormat.time(Date(timeIntervalSince1970: Double(receipt.completedAt))))</dd>
            <dt>Result hash</dt><dd class="hash" data-field="result_hash">\(receipt.resultHash)</dd>
            <dt>Signature</dt><dd class="hash" data-field="sig">\(receipt.signature.alg) by \(receipt.signature.keyID): \(receipt.signature.sig)</dd>
            <dt>Transaction</dt><dd class="hash" data-field="tx_id">\(record.txID)</dd>
            <dt>Block</dt><dd data-field="block">\(block)</dd>
            </dl>
            <p><a href="/v1/receipts/\(receipt.receiptID)">As JSON</a> · <a href="/v1/receipts/\(receipt.receiptID)/proof">Inclusion proof</a></p>
            """
        return page.document(title: "Receipt \(receipt.receiptID)", body: body, scripts: ["ed25519.js", "receipt-verify.js"])
    }

    /// A form that checks any receipt document pasted into it, in the browser, the same way.
    public func verifyPage() -> HTML {
        let body: HTML = """
            <p>Paste a receipt (the JSON of <code>GET /v1/receipts/{id}</code>). Its signature is checked against \
            this coordinator's published key and, once sealed, its inclusion proof up to its block's Merkle root, \
            all in your browser.</p>
            <form id="verify-form" class="verify-form">
            <label for="receipt-json">Receipt JSON</label>
            <textarea id="receipt-json" rows="14" spellcheck="false"></textarea>
            <button type="submit" id="verify-button">Verify</button></form>
            <section class="verdict" id="verification">
            <p><strong>Verification: </strong><span id="verdict" data-state="idle">paste a receipt</span></p>
            <ul id="checks"></ul>
            <noscript><p>This check runs in your browser and needs JavaScript; or run <code>minerkit receipts verify</code>.</p></noscript>
            </section>
            """
        return page.document(title: "Verify a receipt", body: body, scripts: ["ed25519.js", "receipt-verify.js"])
    }
}
