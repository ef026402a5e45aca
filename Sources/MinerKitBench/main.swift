// minerkit-bench: measures MinerKit's speed. Build in release:
//   swift run -c release minerkit-bench [name ...]
// With no name, every benchmark runs. Each prints its own numbers.
import Foundation

let benches: [(name: String, run: () async throws -> Void)] = [
    ("store", StoreBench.run),
    ("store-memory", StoreBench.runMemory),
    ("signatures", SignatureBench.run),
    ("coordinator", CoordinatorBench.run),
    ("coordinator-sqlite", CoordinatorBench.runSQLite),
    ("observability", CoordinatorBench.runObservability),
    ("postgres", PostgresBench.run),
    ("postgres-store", PostgresBench.runStoreOnly),
    ("cluster", ClusterBench.run),
    ("growth", GrowthBench.run),
    ("growth-sqlite", GrowthBench.runSQLite),
    ("inference", InferenceBench.run),
    ("console", ConsoleBench.run),
]

BenchCleanup.install()
let wanted = Set(CommandLine.arguments.dropFirst())
for bench in benches where wanted.isEmpty || wanted.contains(bench.name) {
    print("== \(bench.name)")
    try await bench.run()
}
