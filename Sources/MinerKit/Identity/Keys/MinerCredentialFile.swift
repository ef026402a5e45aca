import Foundation

/// A miner's coordinator credentials (its id and the API key issued at registration), kept in a
/// private file (mode 0600) so a restarted miner comes back as itself.
///
/// Format: one JSON object `{"api_key": "mk_...", "miner_id": "..."}`.
public struct MinerCredentialFile: Sendable {
    public var minerID: String
    public var apiKey: APIKey

    public init(minerID: String, apiKey: APIKey) {
        self.minerID = minerID
        self.apiKey = apiKey
    }

    /// Writes a new credentials file (mode 0600); refuses to overwrite one.
    public func save(to path: String) throws {
        var bytes = Array(JSONValue.object(["miner_id": .string(minerID), "api_key": .string(apiKey.text)]).jsonString().utf8)
        defer { SecretBytes.wipe(&bytes) }
        try PrivateFile.create(path, contents: bytes)
    }

    /// Loads credentials, refusing insecure (`key_file_insecure`) or malformed (`key_file_malformed`) files.
    public static func load(from path: String) throws -> MinerCredentialFile {
        var bytes = try PrivateFile.read(path, maximumSize: 4096)
        defer { SecretBytes.wipe(&bytes) }
        guard let json = JSONValue(jsonString: String(decoding: bytes, as: UTF8.self)),
              let id = json["miner_id"]?.stringValue, !id.isEmpty,
              let key = json["api_key"]?.stringValue, let apiKey = try? APIKey(key) else {
            throw MinerKitError(.invalidInput, code: "key_file_malformed",
                                "credentials file \(path) must hold {\"miner_id\": ..., \"api_key\": \"mk_...\"}")
        }
        return MinerCredentialFile(minerID: id, apiKey: apiKey)
    }
}
