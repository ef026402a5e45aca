import Foundation

/// Writes a status line to stdout unbuffered, so it reaches a log file or pipe (journald, `docker logs`)
/// as it is said: `print` buffers a pipe's output until the buffer fills or the process exits.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
