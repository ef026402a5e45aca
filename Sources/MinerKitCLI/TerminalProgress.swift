import Foundation

/// A progress bar on standard error (`[#####....] 20% text`), redrawn in place, for long work in a
/// terminal. Silent when standard error is not a terminal (a pipe, a file, a CI log), so output that is
/// read by programs carries no control characters.
struct TerminalProgress {
    /// Whether the bar is drawn at all.
    let isShown: Bool
    private var lastDrawn = -1

    /// A bar shown when standard error is a terminal and `when` holds (short work shows none).
    init(when: Bool = true) {
        isShown = when && isatty(STDERR_FILENO) != 0
    }

    /// Draws `fraction` (0...1) with an optional note; redraws only when the whole percent changed.
    mutating func draw(_ fraction: Double, note: String = "") {
        guard isShown else { return }
        let percent = Int(min(max(fraction, 0), 1) * 100)
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let bar = String(repeating: "#", count: percent / 4) + String(repeating: ".", count: 25 - percent / 4)
        FileHandle.standardError.write(Data("\r[\(bar)] \(percent)%\(note.isEmpty ? "" : " " + note)".utf8))
    }

    /// Ends the bar's line.
    func finish() {
        if isShown { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
