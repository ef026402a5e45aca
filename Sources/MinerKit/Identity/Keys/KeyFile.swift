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
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw MinerKitError(.conflict, code: "key_file_exists", "key file \(path) already exists; not overwriting it")
            }
            throw ioError("cannot create key file \(path)")
        }
        var text = Array((tag(scheme) + ":").utf8) + Array(Hex.encode(seed.array).utf8) + [UInt8(ascii: "\n")]
        defer { SecretBytes.wipe(&text) }
        var written = 0
        var failure: MinerKitError?
        if fchmod(fd, 0o600) != 0 { failure = ioError("cannot set mode 0600 on key file \(path)") }
        while failure == nil, written < text.count {
            let n = text[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno != EINTR { failure = ioError("cannot write key file \(path)") }
            if n > 0 { written += n }
        }
        if failure == nil, fsync(fd) != 0 { failure = ioError("cannot flush key file \(path)") }
        close(fd)
        if let failure {
            unlink(path)
            throw failure
        }
    }

    /// Reads the seed for `scheme` from `path`, refusing insecure or malformed files.
    static func read(scheme: SignatureScheme, from path: String) throws -> SecretBytes {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw ioError("cannot open key file \(path)") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError("cannot stat key file \(path)") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw MinerKitError(.invalidInput, code: "key_file_malformed", "key file \(path) is not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw MinerKitError(.forbidden, code: "key_file_insecure",
                                "key file \(path) has mode \(String(mode, radix: 8)); it must not be accessible to group or others (chmod 600)")
        }
        var buffer = [UInt8](repeating: 0, count: maximumSize + 1)
        defer { SecretBytes.wipe(&buffer) }
        var length = 0
        while length < buffer.count {
            let n = buffer[length...].withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw ioError("cannot read key file \(path)") }
            if n == 0 { break }
            length += n
        }
        let malformed = MinerKitError(.invalidInput, code: "key_file_malformed",
                                      "key file \(path) must hold one line `\(tag(scheme)):<64 hex digits>`")
        var line = buffer[0..<length]
        if line.last == UInt8(ascii: "\n") { line = line.dropLast() }
        let prefix = Array((tag(scheme) + ":").utf8)
        guard length <= maximumSize, line.starts(with: prefix) else { throw malformed }
        let hexDigits = line.dropFirst(prefix.count)
        guard hexDigits.count == 64, var seed = Hex.decode(String(decoding: hexDigits, as: UTF8.self)) else { throw malformed }
        defer { SecretBytes.wipe(&seed) }
        return SecretBytes(seed)
    }

    private static func tag(_ scheme: SignatureScheme) -> String { scheme.rawValue.lowercased() }

    private static func ioError(_ what: String) -> MinerKitError {
        MinerKitError(.storage, code: "key_file_io", "\(what): \(String(cString: strerror(errno)))")
    }
}

extension Ed25519KeyPair {
    /// Saves the seed to a new key file at `path`, mode 0600 (see ``KeyFile``); refuses to overwrite.
    public func save(to path: String) throws {
        try KeyFile.write(seed: seed, scheme: .ed25519, to: path)
    }

    /// Loads a key pair from a key file; refuses (`key_file_insecure`) group/other access and
    /// (`key_file_malformed`) anything but one `ed25519:<hex seed>` line.
    public static func load(from path: String) throws -> Ed25519KeyPair {
        var seed = try KeyFile.read(scheme: .ed25519, from: path).array
        defer { SecretBytes.wipe(&seed) }
        return try Ed25519KeyPair(seed: seed)
    }
}

extension SR25519KeyPair {
    /// Saves the seed to a new key file at `path`, mode 0600 (see ``KeyFile``); refuses to overwrite.
    public func save(to path: String) throws {
        try KeyFile.write(seed: seed, scheme: .sr25519, to: path)
    }

    /// Loads a key pair from a key file; refuses (`key_file_insecure`) group/other access and
    /// (`key_file_malformed`) anything but one `sr25519:<hex seed>` line.
    public static func load(from path: String) throws -> SR25519KeyPair {
        var seed = try KeyFile.read(scheme: .sr25519, from: path).array
        defer { SecretBytes.wipe(&seed) }
        return try SR25519KeyPair(seed: seed)
    }
}
