/// How a unit of work's commit must survive a crash of the database server.
///
/// Every store keeps commits in order: a commit is never lost while a later one survives. What
/// ``deferred`` gives up is only the newest commits at the moment of a crash, so it fits changes whose
/// loss the protocol already absorbs: a lease grant lost in a crash leaves the job queued, and the
/// miner's result for it is refused (409) because the job's lease is not that miner's, so the job is
/// simply worked again. Docs/Postgres.md gives the whole argument.
public enum CommitDurability: Sendable, Equatable {
    /// Acknowledged once it is on disk (the default for every unit of work).
    case durable
    /// May be acknowledged before it is on disk; a server crash may lose it, never reorder it.
    case deferred
}
