import Foundation

/// Where a listing of jobs, newest first, goes on: just past the job it was taken from, in the order
/// `(createdAt, sequence)` descending. `sequence` is the store's insertion order, so jobs submitted at
/// the same instant keep one order across pages. Reading the next page from a cursor costs the page
/// alone (an index seek), however many jobs come before it, where an offset costs every row skipped.
public struct JobCursor: Sendable, Hashable {
    public var createdAt: Date
    /// The store's insertion order of the job (SQLite's rowid, PostgreSQL's queue sequence).
    public var sequence: Int64

    public init(createdAt: Date, sequence: Int64) {
        self.createdAt = createdAt
        self.sequence = sequence
    }

    /// The cursor as an opaque token for a link: the creation time's exact bits and the sequence, in hex.
    /// The time is taken as `Date` keeps it (seconds since 2001): seconds since 1970 do not always come
    /// back to the same `Date`, and a cursor one bit off would repeat or skip a job at a page boundary.
    public var token: String {
        String(createdAt.timeIntervalSinceReferenceDate.bitPattern, radix: 16) + "-" + String(UInt64(bitPattern: sequence), radix: 16)
    }

    /// The cursor a ``token`` names, or `nil` for anything else.
    public init?(token: String) {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...16).contains($0.count) }),
              let bits = UInt64(parts[0], radix: 16), let sequence = UInt64(parts[1], radix: 16) else { return nil }
        let seconds = Double(bitPattern: bits)
        guard seconds.isFinite else { return nil }
        self.init(createdAt: Date(timeIntervalSinceReferenceDate: seconds), sequence: Int64(bitPattern: sequence))
    }
}

/// One page of a listing of jobs, newest first, and where the next page starts (`nil` on the last).
public struct JobPage: Sendable, Equatable {
    public var jobs: [Job]
    public var next: JobCursor?

    public init(jobs: [Job], next: JobCursor?) {
        self.jobs = jobs
        self.next = next
    }
}
