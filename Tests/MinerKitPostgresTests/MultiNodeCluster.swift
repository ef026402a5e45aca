import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Synchronization
import Testing

/// Coordinator processes on one fresh PostgreSQL database, sharing one signing key, with helpers that
/// drive them over HTTP the way clients and miners do.
final class MultiNodeCluster: StoppableService {
    struct Miner: Sendable {
        let id: String
        let headers: [String: String]
    }

    let database: String
    let keyPair: Ed25519KeyPair
    let keyPath: String
    let clientHeaders: [String: String]
    private let live: Mutex<[CoordinatorNode]>
    private let killCount = Atomic<Int>(0)
    /// Connection pools the test opened itself, closed by ``stop()``.
    private let pools = Mutex<[PostgresDatabasePool]>([])

    var nodes: [CoordinatorNode] { live.withLock { $0 } }
    var kills: Int { killCount.load(ordering: .relaxed) }

    private init(database: String, keyPair: Ed25519KeyPair, keyPath: String, clientKey: String, nodes: [CoordinatorNode]) {
        self.database = database
        self.keyPair = keyPair
        self.keyPath = keyPath
        clientHeaders = ["X-Api-Key": clientKey]
        live = Mutex(nodes)
    }

    private static func start(nodes count: Int) async throws -> MultiNodeCluster {
        let database = try await PostgresTestCluster.shared().createDatabase()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-nodes-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let keyPath = folder.appendingPathComponent("receipts.ed25519").path
        let keyPair = Ed25519KeyPair.generate()
        try keyPair.save(to: keyPath)
        // Migrate once and make a client key, the way an operator provisions one.
        let pool = try await PostgresDatabasePool.open(database, maxConnections: 2)
        let (_, key) = try await Coordinator(store: PostgresStore(database: pool), keyPair: keyPair).createClientKey(name: "load")
        await pool.close()
        var nodes: [CoordinatorNode] = []
        do {
            for index in 0..<count {
                nodes.append(try await CoordinatorNode.start(name: "node-\(index)", database: database, keyPath: keyPath))
            }
        } catch {
            for node in nodes { await node.stop() }
            throw error
        }
        return MultiNodeCluster(database: database, keyPair: keyPair, keyPath: keyPath, clientKey: key.text, nodes: nodes)
    }

    /// Runs `body` with `count` nodes and stops every node afterwards, also when `body` throws.
    static func with<T>(nodes count: Int, _ body: (MultiNodeCluster) async throws -> T) async throws -> T {
        try await withStarted({ try await start(nodes: count) }, body)
    }

    /// Stops every node and closes the pools the test opened; ``with(nodes:_:)`` calls it when its body ends.
    func stop() async {
        for node in nodes { await node.stop() }
        for pool in pools.withLock({ $0 }) { await pool.close() }
    }

    func randomNode() -> CoordinatorNode { live.withLock { $0.randomElement()! } }

    func node(otherThan node: CoordinatorNode) -> CoordinatorNode {
        live.withLock { nodes in nodes.filter { $0 !== node }.randomElement() ?? node }
    }

    /// SIGKILLs a random node and starts a fresh process in its place.
    func killAndRestartRandomNode() async throws {
        let (index, victim) = live.withLock { nodes in
            let index = Int.random(in: 0..<nodes.count)
            return (index, nodes[index])
        }
        await victim.kill()
        killCount.add(1, ordering: .relaxed)
        let fresh = try await CoordinatorNode.start(name: victim.name + "'", database: database, keyPath: keyPath)
        live.withLock { $0[index] = fresh }
    }

    /// Registers `count` miners serving `echo`, each through a random node.
    func registerMiners(_ count: Int) async throws -> [Miner] {
        var miners: [Miner] = []
        for index in 0..<count {
            let id = "miner-\(index)"
            let reply = try await LoopbackHTTP.send(.POST, randomNode().base + "/v1/miners/register",
                                                    json: ["miner_id": .string(id), "capabilities": ["echo"], "concurrency": 4])
            guard let key = reply.json["api_key"]?.stringValue else { throw NodeFailure("register \(id): \(reply.status) \(reply.json)") }
            miners.append(Miner(id: id, headers: ["X-Api-Key": key, "X-Miner-ID": id]))
        }
        return miners
    }

    /// Submits one job through `node`; the job id it acknowledged.
    func submit(on node: CoordinatorNode, input: String) async throws -> String {
        let reply = try await LoopbackHTTP.send(.POST, node.base + "/v1/jobs", headers: clientHeaders,
                                                json: ["prompt": .string(input), "model": "echo"])
        guard reply.status == 201, let id = reply.json["job_id"]?.stringValue else {
            throw NodeFailure("submit on \(node.name): \(reply.status) \(reply.json)")
        }
        return id
    }

    /// A client submitting through random nodes until `deadline`; a refused connection (a killed node)
    /// is retried elsewhere and only acknowledged submissions are recorded.
    func submitJobs(until deadline: ContinuousClock.Instant, tag: String, into load: LoadRecord) async throws {
        var n = 0
        while ContinuousClock.now < deadline, n < 600 {
            n += 1
            guard let id = try? await submit(on: randomNode(), input: "\(tag)-\(n)") else { continue }
            load.submitted(id)
            try await Task.sleep(for: .milliseconds(10))  // pacing the load, not ordering
        }
    }

    /// A miner polling a random node and completing each job through another, until `deadline`.
    func work(as miner: Miner, until deadline: ContinuousClock.Instant, into load: LoadRecord) async throws {
        while ContinuousClock.now < deadline {
            let leasing = randomNode()
            guard let reply = try? await LoopbackHTTP.send(.POST, leasing.base + "/v1/miners/poll", headers: miner.headers,
                                                           json: ["max_wait_seconds": 1]),
                  reply.status == 200, let jobID = reply.json["job_id"]?.stringValue,
                  let token = reply.json["constraints"]?["lease_token"]?.doubleValue else { continue }
            // Deliver the result through another node; when that node dies, retry through the others:
            // a retried completion gets the receipt it already earned.
            for _ in 0..<5 {
                let completing = node(otherThan: leasing)
                guard let done = try? await LoopbackHTTP.send(.POST, completing.base + "/v1/miners/\(jobID)/result",
                                                              headers: miner.headers,
                                                              json: ["result": .string("done \(jobID)"), "lease_token": .number(token)])
                else { continue }
                if done.status == 200, let receipt = done.json["receipt"]?["receipt_id"]?.stringValue {
                    load.completed(jobID, receipt: receipt, crossNode: completing !== leasing)
                } else {
                    Issue.record(Comment(rawValue: "completion of \(jobID) through \(completing.name): \(done.status) \(done.json)"))
                }
                break
            }
        }
    }

    /// An in-process coordinator on the same database, for checking what the nodes stored.
    func verifier() async throws -> Coordinator {
        let pool = try await PostgresDatabasePool.open(database, maxConnections: 2)
        pools.withLock { $0.append(pool) }
        return Coordinator(store: PostgresStore(database: pool), keyPair: keyPair)
    }

    /// Every stored receipt is signed by the shared key and proven into one hash chain of blocks.
    func expectOneValidChain(_ coordinator: Coordinator) async throws {
        let report = try await LedgerAudit.audit(coordinator, publicKey: keyPair.publicKey)
        #expect(report.problems.isEmpty, "ledger problems: \(report.problems.prefix(5))")
        #expect(report.receipts > 0 && report.blocks > 0)
    }
}
