// minerkit-example-server: the coordinator API on an embedded SQLite file, no configuration.
//
//   swift run minerkit-example-server            # http://127.0.0.1:8001
//   PORT=9000 DB=/tmp/demo.sqlite swift run minerkit-example-server
//
// First start creates the database, the receipt-signing key (<db>.ed25519) and a client key
// (<db>.client-key, send it as X-Api-Key). Try:
//   curl -s localhost:8001/health
//   curl -s -X POST localhost:8001/v1/jobs -H "X-Api-Key: $(cat example-coordinator.sqlite.client-key)" \
//        -H 'Content-Type: application/json' -d '{"prompt":"hello"}'
import Foundation
import MinerKit
import MinerKitHTTP

let environment = ProcessInfo.processInfo.environment
let database = environment["DB"] ?? "example-coordinator.sqlite"
let port = environment["PORT"].flatMap(Int.init) ?? 8001

let host = try CoordinatorHost.open(databasePath: database)
if try await host.ensureClientKey(writingTo: database + ".client-key") {
    print("client key written to \(database).client-key")
}
print("receipts are signed by key_id \(host.coordinator.publicKey.keyID)")
try await host.serve(port: port) { port in print("coordinator listening on http://127.0.0.1:\(port)") }
