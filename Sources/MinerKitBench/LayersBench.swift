import Foundation
import MinerKitHTTP

/// What each server layer costs (`minerkit-bench layers`): the coordinator served by this binary
/// (``BenchServer``) with every layer, then with one left out at a time, then on the in-memory store
/// instead of SQLite, each measured as `coordinator-sqlite` measures the product; beside them, in the
/// same round, the bare Hummingbird route. A layer's share is what leaving it out saves, as a fraction
/// of the cycle's (or `/health`'s) CPU with every layer on.
enum LayersBench {
    private struct Variant {
        var name: String
        var layers: ServerLayers = .all
        var inMemory = false
    }

    private static let variants: [Variant] = [
        Variant(name: "all layers"),
        Variant(name: "without deadline and connection handlers", layers: ServerLayers.all.subtracting(.connectionHandlers)),
        Variant(name: "without the HTTP/1.0 handler", layers: ServerLayers.all.subtracting(.http10)),
        Variant(name: "without the request log", layers: ServerLayers.all.subtracting(.requestLog)),
        Variant(name: "without metrics", layers: ServerLayers.all.subtracting(.metrics)),
        Variant(name: "in-memory store instead of SQLite", inMemory: true),
        Variant(name: "no layers, in-memory store", layers: [], inMemory: true),
    ]

    static func run() async throws {
        for round in 1...2 {
            print("-- round \(round)")
            let bare = try await CoordinatorBench.measureBare()
            var all: CoordinatorBench.Figures?
            for variant in variants {
                print("- \(variant.name)")
                let figures = try await measure(variant)
                CoordinatorBench.printRatios(figures, bare: bare, label: variant.name)
                if let all {
                    let cycleShare = (all.cycleCPU - figures.cycleCPU) / all.cycleCPU
                    let healthShare = (all.healthCPU - figures.healthCPU) / all.healthCPU
                    print(String(format: "share: %.0f µs of a cycle (%.1f%%), %.0f µs of /health (%.1f%%)",
                                 all.cycleCPU - figures.cycleCPU, cycleShare * 100,
                                 all.healthCPU - figures.healthCPU, healthShare * 100))
                    BenchRecord.add("\(variant.name): share of cycle CPU", cycleShare * 100, unit: "%")
                    BenchRecord.add("\(variant.name): share of /health CPU", healthShare * 100, unit: "%")
                } else {
                    all = figures
                }
            }
        }
    }

    private static func measure(_ variant: Variant) async throws -> CoordinatorBench.Figures {
        let directory = try CoordinatorBench.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("receipts.ed25519").path
        let layout = BenchServer.CoordinatorLayout(
            database: variant.inMemory ? nil : directory.appendingPathComponent("coordinator.sqlite").path,
            key: key, layers: variant.layers)
        let server = try await ServerProcess(binary: ServerProcess.benchBinary, arguments: [BenchServer.flag] + layout.arguments,
                                             log: directory.appendingPathComponent("server.log"))
        defer { server.stop() }
        return try await CoordinatorBench.measure(server, clientKeyFile: key + ".client-key", label: variant.name)
    }
}
