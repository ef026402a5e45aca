/// The version of this MinerKit build: what every server's health route and `minerkit --version` report,
/// so that a peer or an operator knows which code answers (and so which receipt and block formats it
/// writes: ``Receipt/currentFormatVersion``, ``Block/currentFormatVersion``).
///
/// One constant, raised with each release (semantic versioning); nothing else in the package spells a
/// build version.
public enum MinerKitVersion {
    /// This build's version, `major.minor.patch`.
    public static let current = "0.9.0"
}
