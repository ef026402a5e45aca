import Foundation
import MinerKit
@testable import MinerKitHTTP
import MinerKitTesting
import Synchronization
import Testing

/// The miner runtime against a real coordinator over HTTP on 127.0.0.1.
@Suite("Miner runtime over HTTP", .serialized)
struct HTTPMinerRuntimeTests {
    static let echo = HandlerRegistry(["echo": ClosureJobHandler { job in JobOutput(result: "echo:" + job.input) }])
    static let quick = MinerRuntimeConfiguration(heartbeatInterval: 0.1, pollWait: 0.5,
                                                 retry: RetryPolicy(initialDelay: 0.01, maxDelay: 0.1), shutdownGrace: 2)

    @Test("a runtime registers, works 30 jobs over HTTP and every receipt verifies with the published key",
          .timeLimit(.minutes(3)))
    func worksJobsOverHTTP() async throws {
        try await LiveCoordinator.serving { live in
            let client = CoordinatorClient(baseURL: live.server.baseURL, apiKey: live.clientKey)
            let enrolled = Mutex<MinerCredentialFile?>(nil)
            let transport = HTTPMinerTransport(coordinatorURL: live.server.baseURL) { creds in enrolled.withLock { $0 = creds } }
            let runtime = MinerRuntime(transport: transport, handlers: Self.echo,
                                       configuration: { var c = Self.quick; c.maxConcurrent = 3; return c }())
            let running = Task { try await runtime.run() }

            var ids: [String] = []
            for i in 0..<30 {
                ids.append(try await client.submit(JobRequestBody(prompt: "p\(i)", model: "echo")).jobID)
            }
            let key = try await client.signingKey()
            #expect(key == live.coordinator.publicKey)
            #expect(try await client.health() == HealthBody())
            for id in ids {
                let job = try await waitFor("job \(id) completed", timeout: .seconds(60)) {
                    let job = try await client.job(id: id)
                    return job.status == "completed" ? job : nil
                }
                #expect(job.result == "echo:" + job.prompt)
                let record = try #require(try await live.coordinator.store.read { try await $0.receipt(jobID: id) })
                let receipt = try await client.receipt(id: record.receipt.receiptID)
                #expect(receipt.verify(with: key))
            }
            runtime.shutdown()
            try await running.value
            #expect(runtime.completedCount == 30)
            let creds = try #require(enrolled.withLock { $0 })

            // The saved credentials bring the same miner back; without the key, its id is refused.
            let again = HTTPMinerTransport(coordinatorURL: live.server.baseURL, credentials: creds)
            #expect(try await again.register(MinerRegistration(capabilities: ["echo"])) == creds.minerID)
            let impostor = HTTPMinerTransport(coordinatorURL: live.server.baseURL)
            await #expect(throws: MinerKitError.self) {
                _ = try await impostor.register(MinerRegistration(minerID: creds.minerID, capabilities: ["echo"]))
            }
        }
    }

    @Test("refusals come back as the server's error codes, transient failures as unavailable")
    func errorMapping() async throws {
        let stopped = try await LiveCoordinator.serving { live in
            let transport = HTTPMinerTransport(coordinatorURL: live.server.baseURL)
            _ = try await transport.register(MinerRegistration(capabilities: ["echo"]))
            do {
                _ = try await transport.complete(jobID: "job_missing", report: JobResultReport(result: "x"))
                Issue.record("completing a missing job succeeded")
            } catch let error as MinerKitError {
                #expect(error.kind == .notFound && error.code == "job_not_found")
                #expect(!RetryPolicy.isTransient(error))
            }
            return live.server.baseURL
        }
        let dead = HTTPMinerTransport(coordinatorURL: stopped, requestTimeout: .seconds(1))
        do {
            _ = try await dead.poll(maxWait: 0)
            Issue.record("polling a stopped server succeeded")
        } catch let error as MinerKitError {
            #expect(error.kind == .unavailable && RetryPolicy.isTransient(error))
        }
    }
}
