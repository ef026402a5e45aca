import Foundation
import MinerKit
import MinerKitTesting
import Testing

/// The coordinator's rules, on both stores, without HTTP.
@Suite struct CoordinatorTests {
    struct Setup {
        let coordinator: Coordinator
        let clock: ManualTimeSource
        let client: ClientCredentials

        init(_ kind: StoreKind, _ configuration: CoordinatorConfiguration = .init(rateLimits: .off)) async throws {
            clock = ManualTimeSource()
            coordinator = Coordinator(store: try kind.make(), keyPair: .generate(), clock: clock, configuration: configuration)
            client = ClientCredentials(apiKey: try await coordinator.createClientKey(name: "c").1.text)
        }

        func miner(_ id: String, capabilities: [String] = [], concurrency: Int = 4) async throws -> MinerCredentials {
            let enrollment = try await coordinator.registerMiner(
                MinerRegistration(minerID: id, capabilities: capabilities, maxConcurrent: concurrency),
                credentials: MinerCredentials(minerID: nil, apiKey: nil))
            return MinerCredentials(minerID: id, apiKey: enrollment.apiKey?.text)
        }

        func submit(_ model: String = "echo") async throws -> Job {
            try await coordinator.submitJob(JobSubmission(client: "", model: model, input: "in", price: 1), credentials: client)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func exactlyOneReceiptPerJob(kind: StoreKind) async throws {
        let s = try await Setup(kind)
        let miner = try await s.miner("m1")
        let job = try await s.submit()
        let leased = try await s.coordinator.claim(jobID: job.id, credentials: miner)
        let receipt = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "out", leaseToken: leased.lease.token),
                                                       credentials: miner)
        #expect(receipt.verify(with: s.coordinator.publicKey))
        await expectError(.conflict, "job_not_leased") {
            _ = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "again"), credentials: miner)
        }
        // The store refuses a second receipt for the job even if asked directly.
        var copy = receipt
        copy.receiptID = Receipt.newID()
        let duplicate = copy
        await expectError(.conflict, "receipt_exists") {
            _ = try await s.coordinator.store.write { db in
                try await db.insert(ReceiptRecord(receipt: duplicate, txID: String(repeating: "0", count: 64), createdAt: Date()))
            }
        }
        #expect(try await s.coordinator.receipts(ReceiptQuery()).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func aRefusedResultChangesNothing(kind: StoreKind) async throws {
        let s = try await Setup(kind)
        let miner = try await s.miner("m1")
        let job = try await s.submit()
        _ = try await s.coordinator.claim(jobID: job.id, credentials: miner)
        await expectError(.validation, "result_hash_mismatch") {
            _ = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "x", resultHash: ResultDigest.of("y")),
                                                 credentials: miner)
        }
        await expectError(.conflict, "stale_lease_token") {
            _ = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "x", leaseToken: 7), credentials: miner)
        }
        let after = try await s.coordinator.job(id: job.id, credentials: s.client)
        #expect(after.state == .leased && after.result == nil)
        #expect(try await s.coordinator.networkStats().totalReceipts == 0)
        #expect(try await s.coordinator.stats(credentials: miner).completed == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func silentMinersGoOfflineAndTheirJobsRequeue(kind: StoreKind) async throws {
        let s = try await Setup(kind, .init(heartbeatTimeout: 30, rateLimits: .off))
        let silent = try await s.miner("silent")
        let busy = try await s.miner("busy")
        let job = try await s.submit()
        // It says what it works on (as MinerKit's miner does), so its polled lease lasts one timeout.
        _ = try await s.coordinator.heartbeat(credentials: silent, report: HeartbeatReport(jobIDs: []))
        let first = try #require(try await s.coordinator.poll(credentials: silent))
        #expect(first.job.id == job.id)
        s.clock.advance(by: 25)
        _ = try await s.coordinator.heartbeat(credentials: busy)
        #expect(try await s.coordinator.maintain().expiredLeases == 0)
        s.clock.advance(by: 10)
        let report = try await s.coordinator.maintain()
        #expect(report.expiredLeases == 1 && report.offlineMiners == 1)
        await expectError(.conflict, "miner_not_active") { _ = try await s.coordinator.poll(credentials: silent) }
        let second = try #require(try await s.coordinator.poll(credentials: busy))
        #expect(second.job.id == job.id && second.lease.token == first.lease.token + 1)
        _ = try await s.coordinator.heartbeat(credentials: silent)  // back, but the job is gone
        await expectError(.conflict, "lease_not_held") {
            _ = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "late"), credentials: silent)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func blocksSealEveryNReceiptsOrAfterTheInterval(kind: StoreKind) async throws {
        let s = try await Setup(kind, .init(rateLimits: .off, blockSize: 2, blockInterval: 5))
        let miner = try await s.miner("m1", concurrency: 10)
        for _ in 0..<5 {
            let job = try await s.submit()
            _ = try await s.coordinator.claim(jobID: job.id, credentials: miner)
            _ = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "r"), credentials: miner)
        }
        #expect(try await s.coordinator.blocks().map(\.height) == [2, 1])
        s.clock.advance(by: 4)
        #expect(try await s.coordinator.maintain().sealedBlock == nil)
        s.clock.advance(by: 1)
        let sealed = try #require(try await s.coordinator.maintain().sealedBlock)
        #expect(sealed.height == 3 && sealed.transactions == 1)
        for record in try await s.coordinator.receipts(ReceiptQuery()) {
            let (proof, block) = try await s.coordinator.inclusionProof(receiptID: record.receipt.receiptID)
            #expect(proof.verify(receipt: record.receipt, block: block))
        }
    }

    @Test func waitingMinersShareArrivingWorkFairly() async throws {
        let s = try await Setup(.inMemory)
        let fast = try await s.miner("fast")
        let slow = try await s.miner("slow")
        let signal = try #require(s.coordinator.coordination.wakeUps as? JobSignal)
        async let a = s.coordinator.poll(credentials: slow, maxWait: 10)
        try await waitUntil("the slow miner waits") { signal.waiterCount == 1 }
        async let b = s.coordinator.poll(credentials: fast, maxWait: 10)
        try await waitUntil("the fast miner waits") { signal.waiterCount == 2 }
        _ = try await s.submit()
        _ = try await s.submit()
        let (gotA, gotB) = try await (a, b)
        #expect(gotA?.lease.minerID == "slow" && gotB?.lease.minerID == "fast")
    }

    @Test func concurrencyLimitStopsLeasing() async throws {
        let s = try await Setup(.inMemory)
        let miner = try await s.miner("m1", concurrency: 1)
        let first = try await s.submit()
        let second = try await s.submit()
        _ = try await s.coordinator.claim(jobID: first.id, credentials: miner)
        await expectError(.conflict, "miner_at_capacity") { _ = try await s.coordinator.claim(jobID: second.id, credentials: miner) }
        #expect(try await s.coordinator.poll(credentials: miner) == nil)
    }

    @Test func keysAreStoredHashedAndChecked() async throws {
        let s = try await Setup(.sqlite)
        let miner = try await s.miner("m1")
        let stored = try #require(try await s.coordinator.store.read { db in try await db.miner(id: "m1") })
        let key = try APIKey(try #require(miner.apiKey))
        #expect(stored.apiKeyHash != key.text && stored.apiKeyHash == key.hash)
        await expectError(.unauthorized, "invalid_api_key") {
            _ = try await s.coordinator.heartbeat(credentials: MinerCredentials(minerID: "m1", apiKey: APIKey.generate().text))
        }
        await expectError(.unauthorized, "malformed_api_key") {
            _ = try await s.coordinator.heartbeat(credentials: MinerCredentials(minerID: "m1", apiKey: "letmein"))
        }
        await expectError(.unauthorized, "invalid_api_key") {
            _ = try await s.coordinator.submitJob(JobSubmission(client: "", model: "m", input: ""),
                                                  credentials: ClientCredentials(apiKey: miner.apiKey))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aKeyChangedInTheStoreIsRefusedEvenForAMinerSeenBefore(kind: StoreKind) async throws {
        let s = try await Setup(kind)
        let miner = try await s.miner("m1")
        // Seen and remembered by this coordinator...
        _ = try await s.coordinator.heartbeat(credentials: miner)
        // ...then its key is changed behind the coordinator's back.
        let replacement = APIKey.generate()
        try await s.coordinator.store.write { db in
            var stored = try #require(try await db.miner(id: "m1"))
            stored.apiKeyHash = replacement.hash
            try await db.save(stored)
        }
        let job = try await s.submit()
        await expectError(.unauthorized, "invalid_api_key") {
            _ = try await s.coordinator.claim(jobID: job.id, credentials: miner)
        }
        _ = try await s.coordinator.claim(jobID: job.id, credentials: MinerCredentials(minerID: "m1", apiKey: replacement.text))
    }

    @Test(arguments: StoreKind.allCases)
    func signedReceiptsAreTheStoredOnes(kind: StoreKind) async throws {
        let s = try await Setup(kind)
        let miner = try await s.miner("m1")
        let job = try await s.submit()
        let leased = try await s.coordinator.claim(jobID: job.id, credentials: miner)
        let receipt = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "out", leaseToken: leased.lease.token),
                                                       credentials: miner)
        #expect(try await s.coordinator.signedReceipt(id: receipt.receiptID) == receipt)
        #expect(try await s.coordinator.receipt(id: receipt.receiptID).receipt == receipt)
        // Another coordinator on the same store has it only in the store.
        let other = Coordinator(store: s.coordinator.store, keyPair: .generate(), clock: s.clock)
        #expect(try await other.signedReceipt(id: receipt.receiptID) == receipt)
        await expectError(.notFound, "receipt_not_found") {
            _ = try await other.signedReceipt(id: Receipt.newID())
        }
    }
}
