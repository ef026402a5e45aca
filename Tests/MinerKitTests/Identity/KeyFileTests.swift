import Foundation
import Testing
@testable import MinerKit

extension IdentityTests {
    @Suite("Key files")
    struct KeyFiles {
        private func temporaryPath() -> String {
            FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-key-\(UUID().uuidString)").path
        }

        private func mode(_ path: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        }

        @Test func ed25519SaveCreates0600AndLoads() throws {
            let path = temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: path) }
            let pair = Ed25519KeyPair.generate()
            try pair.save(to: path)
            #expect(try mode(path) == 0o600)
            #expect(try Ed25519KeyPair.load(from: path).publicKey == pair.publicKey)
            // Never overwrites.
            #expect(throws: MinerKitError.self) { try Ed25519KeyPair.generate().save(to: path) }
            #expect(try Ed25519KeyPair.load(from: path).publicKey == pair.publicKey)
        }

        @Test func sr25519SaveCreates0600AndLoads() throws {
            let path = temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: path) }
            let pair = SR25519KeyPair.generate()
            try pair.save(to: path)
            #expect(try mode(path) == 0o600)
            #expect(try SR25519KeyPair.load(from: path).publicKey == pair.publicKey)
            // The file names its scheme: an sr25519 file is not an Ed25519 key.
            let error = try #require(throws: MinerKitError.self) { try Ed25519KeyPair.load(from: path) }
            #expect(error.code == "key_file_malformed")
        }

        @Test func refusesFileReadableByOthers() throws {
            let path = temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Ed25519KeyPair.generate().save(to: path)
            for insecure in [0o644, 0o640, 0o604, 0o660] {
                try FileManager.default.setAttributes([.posixPermissions: insecure], ofItemAtPath: path)
                let error = try #require(throws: MinerKitError.self) { try Ed25519KeyPair.load(from: path) }
                #expect(error.code == "key_file_insecure", "\(String(insecure, radix: 8))")
                #expect(error.detail.contains("chmod 600"))
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
            _ = try Ed25519KeyPair.load(from: path)
        }

        @Test func refusesMalformedFilesWithoutLeakingContents() throws {
            let seedHex = String(repeating: "ab", count: 32)
            let contents = [
                "", "ed25519:", "ed25519:\(seedHex.dropLast(2))", "ed25519:\(seedHex)00", "ed25519:\(seedHex.dropLast(2))zz",
                "ED25519:\(seedHex)", seedHex, "ed25519:\(seedHex)\n\n", String(repeating: "x", count: 1000),
            ]
            for text in contents {
                let path = temporaryPath()
                defer { try? FileManager.default.removeItem(atPath: path) }
                #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
                let error = try #require(throws: MinerKitError.self) { try Ed25519KeyPair.load(from: path) }
                #expect(error.code == "key_file_malformed", "\(text.prefix(20))")
                #expect(!error.description.contains("abab"))
            }
            let ok = temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: ok) }
            #expect(FileManager.default.createFile(atPath: ok, contents: Data("ed25519:\(seedHex)\n".utf8), attributes: [.posixPermissions: 0o600]))
            #expect(try Ed25519KeyPair.load(from: ok).publicKey == Ed25519KeyPair(seed: [UInt8](repeating: 0xab, count: 32)).publicKey)
        }

        @Test func missingFileIsAStorageError() throws {
            let error = try #require(throws: MinerKitError.self) { try Ed25519KeyPair.load(from: temporaryPath()) }
            #expect(error.code == "key_file_io")
        }
    }
}
