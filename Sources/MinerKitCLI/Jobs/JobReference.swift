import ArgumentParser

/// The job a `jobs` subcommand acts on (`get`, `cancel`), and the coordinator that holds it.
struct JobReference: ParsableArguments {
    @OptionGroup var options: CoordinatorOptions
    @Argument(help: "Job id.") var id: String
}
