import Foundation
import MinerKit
import MinerKitHTTP
import Testing

@Suite struct CoordinatorHostTests {
    @Test func theClientKeyFileIsCheckedForMode0600OnEveryStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-host-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/coordinator.sqlite"
        let clientKey = database + ".client-key"
        let host = try CoordinatorHost.open(databasePath: database)
        #expect(try await host.ensureClientKey(writingTo: clientKey))
        #expect(try FileManager.default.attributesOfItem(atPath: clientKey)[.posixPermissions] as? Int == 0o600)
        #expect(try await host.ensureClientKey(writingTo: clientKey) == false)

        for insecure in [0o644, 0o640, 0o604] {
            try FileManager.default.setAttributes([.posixPermissions: insecure], ofItemAtPath: clientKey)
            let restarted = try CoordinatorHost.open(databasePath: database)
            let error = await #expect(throws: MinerKitError.self) { _ = try await restarted.ensureClientKey(writingTo: clientKey) }
            #expect(error?.code == "key_file_insecure" && error?.detail.contains("chmod 600") == true)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: clientKey)
        #expect(try await CoordinatorHost.open(databasePath: database).ensureClientKey(writingTo: clientKey) == false)
    }
}
