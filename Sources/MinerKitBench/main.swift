// minerkit-bench: measures MinerKit's speed. Build in release:
//   swift run -c release minerkit-bench [--json FILE] [--minerkit PATH] [name ...]
// With no name, every benchmark runs. Each prints its own numbers; `--json FILE` also writes them as
// JSON (compare two runs with scripts/bench-compare A.json B.json).
// `--serve …` makes this process one of the servers the benches start (BenchServer).
import Foundation

let benches: [(name: String, run: () async throws -> Void)] = [
    ("store", StoreBench.run),
    ("store-memory", StoreBench.runMemory),
    ("signatures", SignatureBench.run),
    ("coordinator", CoordinatorBench.run),
    ("coordinator-sqlite", CoordinatorBench.runSQLite),
    ("bare", CoordinatorBench.runBare),
    ("layers", LayersBench.run),
    ("observability", CoordinatorBench.runObservability),
    ("postgres", PostgresBench.run),
    ("postgres-store", PostgresBench.runStoreOnly),
    ("cluster", ClusterBench.run),
    ("growth", GrowthBench.run),
    ("growth-sqlite", GrowthBench.runSQLite),
    ("inference", InferenceBench.run),
    ("console", ConsoleBench.run),
]

if CommandLine.arguments.dropFirst().first == BenchServer.flag {
    try await BenchServer.run(CommandLine.arguments.dropFirst(2))
    exit(0)
}
let options = try BenchOptions(CommandLine.arguments.dropFirst())
let signalHandlers = BenchCleanup.install()
for bench in benches where options.names.isEmpty || options.names.contains(bench.name) {
    print("== \(bench.name)")
    try await BenchRecord.$bench.withValue(bench.name) { try await bench.run() }
    if let json = options.json { try BenchRecord.write(to: json) }
}
withExtendedLifetime(signalHandlers) {}
