/// What the pool made of a submission (lease or batch): every submission it takes is accepted as a
/// whole, and reports which of its parts counted.
public struct PoolSubmissionOutcome: Sendable, Equatable {
    /// The lease or batch id.
    public var assignmentID: String
    /// The window the submission arrived in.
    public var windowNumber: Int
    /// Evaluations stored.
    public var evaluationsAccepted: Int
    /// Evaluations of algorithms outside the assignment, repeated, or of algorithms given up.
    public var evaluationsIgnored: Int
    /// Ids of the new candidates the evolutions created.
    public var algorithmIDs: [String]
    /// Evolutions whose content the pool had already seen (each costs reputation).
    public var duplicates: Int
    /// Gossip ids that name algorithms the pool knows.
    public var gossipKnown: Int
}
