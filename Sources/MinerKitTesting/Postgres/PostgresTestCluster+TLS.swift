import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PostgresTestCluster {
    /// Writes a self-signed certificate for 127.0.0.1 and localhost, and its key, where the server looks
    /// for them (`server.crt`, `server.key` in the data directory), owned by `owner` when the server
    /// runs as another user. Uses the `openssl` tool (installed by scripts/setup.sh).
    static func makeCertificate(in dataDirectory: URL, owner: String?) throws {
        let outcome: (termination: ChildProcess.Termination, output: String)
        do {
            outcome = try ChildProcess.capture(
                "/usr/bin/openssl",
                ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                 "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                 "-keyout", dataDirectory.appendingPathComponent("server.key").path,
                 "-out", dataDirectory.appendingPathComponent("server.crt").path],
                errors: nil)
        } catch {
            throw Failure("cannot run /usr/bin/openssl to make a test certificate (run scripts/setup.sh): \(error)")
        }
        guard outcome.termination == .exited(0) else {
            throw Failure("openssl could not make a certificate (\(outcome.termination)):\n\(outcome.output)")
        }
        for name in ["server.key", "server.crt"] {
            let path = dataDirectory.appendingPathComponent(name).path
            guard chmod(path, name == "server.key" ? 0o600 : 0o644) == 0 else { throw Failure("cannot chmod \(path)") }
            if let owner, let account = getpwnam(owner) {
                guard chown(path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                    throw Failure("cannot give \(path) to \(owner): errno \(errno)")
                }
            }
        }
    }
}
