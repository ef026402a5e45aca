import Foundation

/// A Python client that signs with schnorrkel (the `sr25519` module of py-sr25519-bindings), the way
/// real miners do, and reports what the pool answered as one JSON object on stdout.
enum PythonPoolClient {
    /// Whether `python3` can import `sr25519` here.
    static let available = PythonProcess.canImport("sr25519")

    /// Talks to the pool at `127.0.0.1:port` and returns `{step: {status, body}}`.
    static func exercise(port: Int) async throws -> [String: Step] {
        let result = try await PythonProcess.run(["-c", script, String(port)])
        guard result.status == 0 else {
            throw CocoaError(.executableLoad, userInfo: [
                NSLocalizedDescriptionKey: "python client exited \(result.status): \(result.errors.suffix(2000))"])
        }
        return try JSONDecoder().decode([String: Step].self, from: result.output)
    }

    /// One request's outcome.
    struct Step: Decodable {
        var status: Int
        var body: [String: JSONValueish]
    }

    /// The few JSON shapes the test looks at.
    enum JSONValueish: Decodable, Equatable {
        case string(String), number(Double), other

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .string(s) }
            else if let n = try? c.decode(Double.self) { self = .number(n) }
            else { self = .other }
        }

        var string: String? { if case .string(let s) = self { return s }; return nil }
    }

    static let script = #"""
import hashlib, json, sys, time, urllib.request, urllib.error
import sr25519

port = int(sys.argv[1])
base = f"http://127.0.0.1:{port}"
ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

def b58(data):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out

def ss58(public, prefix=42):
    payload = bytes([prefix]) + public
    checksum = hashlib.blake2b(b"SS58PRE" + payload, digest_size=64).digest()[:2]
    return b58(payload + checksum)

keypair = sr25519.pair_from_seed(bytes(range(32)))
hotkey = ss58(keypair[0])

def headers(ts=None, sign_ts=None):
    ts = str(int(time.time())) if ts is None else str(ts)
    message = f"auth:{sign_ts if sign_ts is not None else ts}".encode()
    return {"X-Key": hotkey, "X-Timestamp": ts, "X-Signature": sr25519.sign(keypair, message).hex()}

def call(method, path, body=None, hdrs=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers=dict(hdrs or {}))
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return {"status": r.status, "body": json.loads(r.read() or b"{}")}
    except urllib.error.HTTPError as e:
        return {"status": e.code, "body": json.loads(e.read() or b"{}")}

out = {}
signed = headers()
out["register"] = call("POST", "/api/v1/miners/register", {}, signed)
out["replay"] = call("POST", "/api/v1/miners/register", {}, signed)
out["stale"] = call("POST", "/api/v1/miners/register", {}, headers(int(time.time()) - 600))
out["future"] = call("POST", "/api/v1/miners/register", {}, headers(int(time.time()) + 600))
out["bad_signature"] = call("POST", "/api/v1/miners/register", {}, headers(sign_ts=int(time.time()) + 1))
out["missing"] = call("POST", "/api/v1/miners/register", {})
lease = call("POST", "/api/v1/tasks/lease",
             {"task_type": "cifar10_binary", "eval_batch_size": 4, "seed_batch_size": 2, "gossip_limit": 5}, headers())
out["lease"] = {"status": lease["status"], "body": {k: v for k, v in lease["body"].items() if isinstance(v, (str, int, float))}}
out["second_lease"] = call("POST", "/api/v1/tasks/lease", {"task_type": "cifar10_binary"}, headers())
lease_id = lease["body"].get("lease_id", "missing")
evaluations = [{"algorithm_id": a["id"], "score": 0.5} for a in lease["body"].get("evaluate_algorithms", [])]
parents = [a["id"] for a in lease["body"].get("seed_algorithms", [])]
h = headers()
body = {"evaluations": evaluations,
        "evolutions": [{"parent_algorithm_ids": parents, "algorithm_dsl": "model python\nepochs 2"}],
        "iterations": 2, "public_address": hotkey, "signature": h["X-Signature"], "message": "auth:" + h["X-Timestamp"]}
out["submit"] = call("POST", f"/api/v1/tasks/{lease_id}/submit_lease", body, h)
out["submit_again"] = call("POST", f"/api/v1/tasks/{lease_id}/submit_lease", body, headers())
out["stats"] = call("GET", "/api/v1/miners/stats", None, headers())
out["stats"]["body"] = {"hotkey": out["stats"]["body"].get("miner", {}).get("hotkey")}
out["hotkey"] = {"status": 0, "body": {"hotkey": hotkey}}
print(json.dumps(out))
"""#
}
