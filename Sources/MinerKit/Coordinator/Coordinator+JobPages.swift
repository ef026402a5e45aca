import Foundation

extension Coordinator {
    /// One page of the client's jobs, newest first, from `query.before` on (`query.client` is forced to
    /// the caller), with the cursor of the next page: a deep page costs what the first one does.
    public func jobPage(_ query: JobQuery, credentials: ClientCredentials) async throws -> JobPage {
        try await store.read { db in
            var query = query
            query.client = try await knownClients.client(credentials, at: self.clock.now(), in: db).id
            return try await db.jobPage(query)
        }
    }
}
