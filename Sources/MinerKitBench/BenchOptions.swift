/// The bench's command line: `minerkit-bench [--json FILE] [--minerkit PATH] [--postgres-parameters K=V&…] [name ...]`.
struct BenchOptions {
    /// Where to write the run's figures (``BenchRecord``).
    var json: String?
    /// The `minerkit` binary the coordinator rows serve with (default: the one next to the bench), so
    /// another build's server can be measured against this build's floor in one run.
    var minerkit: String?
    /// Parameters added to the URL of every PostgreSQL node `cluster` starts (e.g. `group_commit=off`),
    /// to measure what a setting costs.
    var postgresParameters: String?
    /// The benches to run; all when empty.
    var names: Set<String> = []

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case "--json": json = try Self.value(of: argument, in: &rest)
            case "--minerkit": minerkit = try Self.value(of: argument, in: &rest)
            case "--postgres-parameters": postgresParameters = try Self.value(of: argument, in: &rest)
            default: names.insert(argument)
            }
        }
    }

    private static func value(of option: String, in rest: inout ArraySlice<String>) throws -> String {
        guard let value = rest.popFirst() else { throw BenchError("\(option) needs a value") }
        return value
    }

    /// This process's options.
    static let current = try? BenchOptions(CommandLine.arguments.dropFirst())
}
