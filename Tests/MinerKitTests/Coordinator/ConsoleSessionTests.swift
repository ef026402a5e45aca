import Foundation
import MinerKit
import Testing

/// Console sessions stand for a client key until they expire or are ended, and maintenance sweeps them.
@Suite struct ConsoleSessionTests {
    typealias Setup = CoordinatorTests.Setup

    @Test(arguments: StoreKind.allCases)
    func aSessionSignsInUntilItExpiresAndIsThenSwept(kind: StoreKind) async throws {
        let s = try await Setup(kind)
        let job = try await s.submit()
        let id = try await s.coordinator.startConsoleSession(s.client)
        let session = ClientCredentials(apiKey: nil, consoleSession: id.text)
        #expect(try await s.coordinator.job(id: job.id, credentials: session).id == job.id)
        await expectError(.unauthorized, "invalid_session") {
            _ = try await s.coordinator.job(id: job.id, credentials: ClientCredentials(apiKey: nil, consoleSession: String(repeating: "a", count: 64)))
        }
        s.clock.advance(by: Coordinator.consoleSessionLifetime + 1)
        await expectError(.unauthorized, "invalid_session") { _ = try await s.coordinator.job(id: job.id, credentials: session) }
        try await s.coordinator.maintain()
        #expect(try await s.coordinator.store.read { try await $0.consoleSession(hash: id.hash) } == nil, "swept")
    }

    @Test(arguments: StoreKind.allCases)
    func anEndedSessionSignsNobodyInAndABadKeyStartsNone(kind: StoreKind) async throws {
        let s = try await Setup(kind)
        let id = try await s.coordinator.startConsoleSession(s.client)
        try await s.coordinator.endConsoleSession(id)
        await expectError(.unauthorized, "invalid_session") {
            _ = try await s.coordinator.authenticateClient(ClientCredentials(apiKey: nil, consoleSession: id.text))
        }
        await expectError(.unauthorized, "invalid_api_key") {
            _ = try await s.coordinator.startConsoleSession(ClientCredentials(apiKey: APIKey.generate().text))
        }
    }
}
