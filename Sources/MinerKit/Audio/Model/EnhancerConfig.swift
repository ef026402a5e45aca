import Foundation

/// The `config.yaml` of a speech-enhancer model folder: what the network expects and how to feed it.
///
/// Every key of the named architecture is required and no other key is allowed, so a config written for
/// a different architecture or a newer format is refused instead of half-understood.
public struct EnhancerConfig: Sendable, Equatable {
    /// The network families this build runs.
    public enum Architecture: String, Sendable, Equatable, CaseIterable {
        /// v1: causal context over STFT frames (stacked frames + running means) → three dense layers → sigmoid mask.
        case causalConvMask = "causal_conv_mask"
        /// v2: standardised log power of this frame and the one before → dense encoder (ReLU) → GRU →
        /// dense over [GRU state, encoder output] → sigmoid mask.
        case causalGRUMask = "causal_gru_mask"
    }

    public var architecture: Architecture
    public var sampleRate: Int
    public var fftSize: Int
    public var hop: Int
    public var logFloor: Float
    public var contextFrames: Int
    /// Decay factors of the running means of the standardised log power that complete the v1 features
    /// (empty for v2).
    public var emaDecays: [Double]
    public var hidden: Int

    /// STFT bins per frame.
    public var bins: Int { fftSize / 2 + 1 }
    /// Width of one frame's feature vector.
    public var featureWidth: Int { bins * (contextFrames + emaDecays.count) }

    /// Reads and checks `config.yaml` text.
    public init(yaml: String) throws {
        let root = try ConfigValue.parseYAML(yaml)
        try Self.expectKeys(root, ["architecture", "format_version", "sample_rate", "stft", "features", "network"], "")
        guard case .string(let name)? = root["architecture"], let architecture = Architecture(rawValue: name) else {
            throw Self.bad("architecture must be one of " + Architecture.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.architecture = architecture
        guard root["format_version"] == .int(1) else { throw Self.bad("format_version must be 1") }
        let stft = root["stft"] ?? .map([:]), features = root["features"] ?? .map([:]), network = root["network"] ?? .map([:])
        try Self.expectKeys(stft, ["n_fft", "hop", "window"], "stft.")
        switch architecture {
        case .causalConvMask:
            try Self.expectKeys(features, ["log_floor", "context_frames", "ema"], "features.")
            try Self.expectKeys(network, ["hidden", "activation", "mask"], "network.")
        case .causalGRUMask:
            try Self.expectKeys(features, ["log_floor", "context_frames"], "features.")
            try Self.expectKeys(network, ["hidden", "activation", "recurrent", "mask"], "network.")
            guard network["recurrent"] == .string("gru") else { throw Self.bad("network.recurrent must be gru") }
        }
        guard stft["window"] == .string("sqrt_hann") else { throw Self.bad("stft.window must be sqrt_hann") }
        guard network["activation"] == .string("relu"), network["mask"] == .string("sigmoid") else {
            throw Self.bad("network.activation must be relu and network.mask sigmoid")
        }
        sampleRate = try Self.int(root["sample_rate"], "sample_rate", 8000...96000)
        fftSize = try Self.int(stft["n_fft"], "stft.n_fft", 16...8192)
        hop = try Self.int(stft["hop"], "stft.hop", 1...fftSize)
        contextFrames = try Self.int(features["context_frames"], "features.context_frames", 1...64)
        hidden = try Self.int(network["hidden"], "network.hidden", 1...4096)
        let floor = try Self.double(features["log_floor"], "features.log_floor")
        guard floor > 0 else { throw Self.bad("features.log_floor must be positive") }
        logFloor = Float(floor)
        if architecture == .causalConvMask {
            guard case .list(let decays)? = features["ema"], decays.count <= 8 else { throw Self.bad("features.ema must be a list") }
            emaDecays = try decays.map { try Self.double($0, "features.ema") }
            guard emaDecays.allSatisfy({ $0 > 0 && $0 < 1 }) else { throw Self.bad("features.ema values must lie in (0, 1)") }
        } else {
            emaDecays = []
        }
        guard fftSize & (fftSize - 1) == 0, fftSize % hop == 0, fftSize / hop >= 2 else {
            throw Self.bad("stft.n_fft must be a power of two that stft.hop divides at least twice")
        }
    }

    private static func expectKeys(_ v: ConfigValue, _ keys: Set<String>, _ path: String) throws {
        guard case .map(let m) = v else { throw bad("\(path.isEmpty ? "the document" : String(path.dropLast())) must be a mapping") }
        if let extra = Set(m.keys).subtracting(keys).sorted().first { throw bad("unknown key \(path)\(extra)") }
        if let missing = keys.subtracting(m.keys).sorted().first { throw bad("missing key \(path)\(missing)") }
    }

    private static func int(_ v: ConfigValue?, _ name: String, _ range: ClosedRange<Int>) throws -> Int {
        guard case .int(let i)? = v, range.contains(i) else { throw bad("\(name) must be an integer in \(range)") }
        return i
    }

    private static func double(_ v: ConfigValue?, _ name: String) throws -> Double {
        switch v {
        case .double(let d)?: return d
        case .int(let i)?: return Double(i)
        default: throw bad("\(name) must be a number")
        }
    }

    private static func bad(_ detail: String) -> MinerKitError {
        MinerKitError(.invalidInput, code: "invalid_config", "config.yaml: \(detail)")
    }
}
