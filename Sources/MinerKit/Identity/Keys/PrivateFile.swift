import Foundation

/// Files only their owner may read (key files, miner credentials): created with mode 0600, never
/// overwriting an existing file, and refused on read when group or others have any access.
public enum PrivateFile {
    /// Creates `path` with `contents` and mode 0600; an existing file is a conflict (`key_file_exists`).
    public static func create(_ path: String, contents: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw MinerKitError(.conflict, code: "key_file_exists", "key file \(path) already exists; not overwriting it")
            }
            throw ioError("cannot create key file \(path)")
        }
        var written = 0
        var failure: MinerKitError?
        if fchmod(fd, 0o600) != 0 { failure = ioError("cannot set mode 0600 on key file \(path)") }
        while failure == nil, written < contents.count {
            let n = contents[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
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

    /// Reads at most `maximumSize` bytes of `path`, refusing a file that is not regular, is accessible to
    /// group or others (`key_file_insecure`) or is larger (`key_file_malformed`). The caller wipes the bytes.
    public static func read(_ path: String, maximumSize: Int) throws -> [UInt8] {
        let fd = try openPrivate(path)
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: maximumSize + 1)
        var length = 0
        while length < buffer.count {
            let n = buffer[length...].withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                SecretBytes.wipe(&buffer)
                throw ioError("cannot read key file \(path)")
            }
            if n == 0 { break }
            length += n
        }
        guard length <= maximumSize else {
            SecretBytes.wipe(&buffer)
            throw MinerKitError(.invalidInput, code: "key_file_malformed", "key file \(path) is larger than \(maximumSize) bytes")
        }
        let contents = Array(buffer[0..<length])
        SecretBytes.wipe(&buffer)
        return contents
    }

    /// Checks, without reading it, that `path` is a regular file (not a link) that group and others
    /// cannot access: the check ``read(_:maximumSize:)`` makes, for a private file a process hands out
    /// rather than reads (a client key file). Throws `key_file_insecure` or `key_file_malformed`.
    public static func checkPrivate(_ path: String) throws {
        close(try openPrivate(path))
    }

    /// `path` opened for reading once it is known to be a private regular file.
    private static func openPrivate(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw ioError("cannot open key file \(path)") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = ioError("cannot stat key file \(path)")
            close(fd)
            throw error
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw MinerKitError(.invalidInput, code: "key_file_malformed", "key file \(path) is not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            close(fd)
            throw MinerKitError(.forbidden, code: "key_file_insecure",
                                "key file \(path) has mode \(String(mode, radix: 8)); it must not be accessible to group or others (chmod 600)")
        }
        return fd
    }

    private static func ioError(_ what: String) -> MinerKitError {
        MinerKitError(.storage, code: "key_file_io", "\(what): \(String(cString: strerror(errno)))")
    }
}
