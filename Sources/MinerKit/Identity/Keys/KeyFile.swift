import Foundation

/// Key files: one secret seed per file, private to its owner.
///
/// Format (one line of ASCII): `<scheme>:<64 lowercase hex digits of the 32-byte seed>\n`, where
/// `<scheme>` is `ed25519` or `sr25519`. A file is created with mode 0600 (never overwriting an
/// existing one) and loading refuses a file that group or others may read or write, that is not a
/// regular file, or whose contents do not follow the format or name another scheme.
enum KeyFile {
    private static let maximumSize = 256

    /// Writes `seed` for `scheme` to a new file at `path` with mode 0600.
    static func write(seed: SecretBytes, scheme: SignatureScheme, to path: String) throws {
        var text = Array((tag(scheme) + ":").utf8) + Array(Hex.encode(seed.array).utf8) + [UInt8(ascii: "\n")]
        defer { SecretBytes.wipe(&text) }
        try PrivateFile.create(path, contents: text)
    }

    /// Reads the seed for `scheme` from `path`, refusing insecure or malformed files.
    static func read(scheme: SignatureScheme, from path: String) throws -> SecretBytes {
        let malformed = MinerKitError(.invalidInput, code: "key_file_malformed",
                                      "key file \(path) must hold one line `\(tag(scheme)):<64 hex digits>`")
        var buffer = try PrivateFile.read(path, maximumSize: maximumSize)
        defer { SecretBytes.wipe(&buffer) }
        var line = buffer[...]
        if line.last == UInt8(ascii: "\n") { line = line.dropLast() }
        let prefix = Array((tag(scheme) + ":").utf8)
        guard line.starts(with: prefix) else { throw malformed }
        let hexDigits = line.dropFirst(prefix.count)
        guard hexDigits.count == 64, var seed = Hex.decode(String(decoding: hexDigits, as: UTF8.self)) else { throw malformed }
        defer { SecretBytes.wipe(&seed) }
        return SecretBytes(seed)
    }

    /// Reads the seed for `scheme` from `path` and builds a key pair from it, wiping the copy it made.
    static func load<Pair>(scheme: SignatureScheme, from path: String,
                           as make: ([UInt8]) throws -> Pair) throws -> Pair {
        var seed = try read(scheme: scheme, from: path).array
        defer { SecretBytes.wipe(&seed) }
        return try make(seed)
    }

    private static func tag(_ scheme: SignatureScheme) -> String { scheme.rawValue.lowercased() }
}

extension Ed25519KeyPair {
    /// Saves the seed to a new key file at `path`, mode 0600 (see ``KeyFile``); refuses to overwrite.
    public func save(to path: String) throws { try KeyFile.write(seed: seed, scheme: .ed25519, to: path) }

    /// Loads a key pair from a key file; refuses (`key_file_insecure`) group/other access and
    /// (`key_file_malformed`) anything but one `ed25519:<hex seed>` line.
    public static func load(from path: String) throws -> Ed25519KeyPair {
        try KeyFile.load(scheme: .ed25519, from: path, as: Ed25519KeyPair.init(seed:))
    }
}

extension SR25519KeyPair {
    /// Saves the seed to a new key file at `path`, mode 0600 (see ``KeyFile``); refuses to overwrite.
    public func save(to path: String) throws { try KeyFile.write(seed: seed, scheme: .sr25519, to: path) }

    /// Loads a key pair from a key file; refuses (`key_file_insecure`) group/other access and
    /// (`key_file_malformed`) anything but one `sr25519:<hex seed>` line.
    public static func load(from path: String) throws -> SR25519KeyPair {
        try KeyFile.load(scheme: .sr25519, from: path, as: SR25519KeyPair.init(seed:))
    }
}
