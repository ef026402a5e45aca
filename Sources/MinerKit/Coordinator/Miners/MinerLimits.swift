/// The bounds the coordinator's rules put on what a miner registers and a job asks for. The rules
/// (`MinerRules`, ``JobRequirements``) enforce them and the HTTP adapter's schemas are built from them,
/// so the published contract and the checks cannot drift apart.
public enum MinerLimits {
    /// Characters in a miner id (letters, digits and `. _ : -`).
    public static let idLength = 1...128
    /// UTF-8 bytes in a model name a miner serves or a GPU model name.
    public static let nameBytes = 1...128
    /// Model names one miner may serve.
    public static let maxCapabilities = 64
    /// Jobs one miner may hold at once.
    public static let maxConcurrent = 1024
    /// GPUs a miner lists or a job asks for.
    public static let gpuCount = 1...1024
}
