import Foundation
import Testing
@testable import MinerKit

@Suite("Audio model")
struct AudioModelTests {
    static let directory = AudioFixtures.modelDirectory
    static let v1Directory = AudioFixtures.testsRoot.appendingPathComponent("Fixtures/audio/enhancer-v1")

    static func npy(_ name: String) throws -> [Float] {
        try NpyCodec.decode(Data(contentsOf: directory.appendingPathComponent("parity/\(name).npy"))).channels[0]
    }

    /// The shipped model (v2: causal GRU mask, Training/train_v2.py) against its reference output from
    /// Training/model_v2.py (parity vectors written by Training/export_v2.py).
    @Test func shippedModelMatchesTheReference() throws {
        let model = try SpeechEnhancerModel(directory: Self.directory)
        #expect(model.config.architecture == .causalGRUMask)
        let input = try Self.npy("input")
        let mask = try model.mask(input, backend: try CPUBackend())
        let flatRef = try Self.npy("mask")   // frames × bins, flattened row by row
        #expect(mask.values.count == flatRef.count)
        let maskErr = zip(mask.values, flatRef).map { abs($0 - $1) }.max() ?? 1
        #expect(maskErr < 1e-4, "max mask error \(maskErr)")
        let output = try model.enhance(input, backend: try CPUBackend())
        let refOut = try Self.npy("output")
        #expect(output.count == refOut.count)
        let outErr = zip(output, refOut).map { abs($0 - $1) }.max() ?? 1
        #expect(outErr < 1e-4, "max output error \(outErr)")
    }

    /// The v1 network (dense mask over EMA features, `causal_conv_mask`) against Training/model.py, on the
    /// former shipped v1 weights kept as a fixture so that architecture's Swift path stays pinned.
    @Test func denseV1ForwardPassMatchesTheReference() throws {
        let directory = Self.v1Directory
        func npy(_ name: String) throws -> [Float] {
            try NpyCodec.decode(Data(contentsOf: directory.appendingPathComponent("parity/\(name).npy"))).channels[0]
        }
        let model = try SpeechEnhancerModel(directory: directory)
        #expect(model.config.architecture == .causalConvMask)
        let input = try npy("input")
        let mask = try model.mask(input, backend: try CPUBackend())
        let maskErr = zip(mask.values, try npy("mask")).map { abs($0 - $1) }.max() ?? 1
        #expect(mask.values.count == (try npy("mask")).count && maskErr < 1e-4, "max mask error \(maskErr)")
        let output = try model.enhance(input, backend: try CPUBackend())
        let outErr = zip(output, try npy("output")).map { abs($0 - $1) }.max() ?? 1
        #expect(output.count == input.count && outErr < 1e-4, "max output error \(outErr)")
    }

    /// The v2 network (encoder, GRU, output layer) against Training/model_v2.py, on a small seeded model
    /// kept as a fixture so the GRU path is pinned whichever model ships.
    @Test func gruForwardPassMatchesTheReference() throws {
        let directory = AudioFixtures.testsRoot.appendingPathComponent("Fixtures/audio/enhancer-v2-small")
        func npy(_ name: String) throws -> [Float] {
            try NpyCodec.decode(Data(contentsOf: directory.appendingPathComponent("parity/\(name).npy"))).channels[0]
        }
        let model = try SpeechEnhancerModel(directory: directory)
        #expect(model.config.architecture == .causalGRUMask && model.config.hidden == 16)
        let input = try npy("input")
        let mask = try model.mask(input, backend: try CPUBackend())
        let flatRef = try npy("mask")
        #expect(mask.values.count == flatRef.count)
        let maskErr = zip(mask.values, flatRef).map { abs($0 - $1) }.max() ?? 1
        #expect(maskErr < 1e-4, "max mask error \(maskErr)")
        let output = try model.enhance(input, backend: try CPUBackend())
        let refOut = try npy("output")
        let outErr = zip(output, refOut).map { abs($0 - $1) }.max() ?? 1
        #expect(output.count == refOut.count && outErr < 1e-4, "max output error \(outErr)")
        // In batches of 100 frames (the GRU state and the context frames run on across batches) and frame
        // by frame, the mask is the same.
        for batch in [100, 1] {
            var batched = model
            batched.batchFrames = batch
            #expect(mask.rows > batch)
            let other = try batched.mask(input, backend: try CPUBackend())
            let err = zip(mask.values, other.values).map { abs($0 - $1) }.max() ?? 1
            #expect(other.values.count == mask.values.count && err < 1e-5, "batches of \(batch): max mask difference \(err)")
        }

        let yaml = try String(contentsOf: directory.appendingPathComponent("config.yaml"), encoding: .utf8)
        for text in [yaml.replacingOccurrences(of: "  recurrent: gru\n", with: ""),
                     yaml.replacingOccurrences(of: "recurrent: gru", with: "recurrent: lstm"),
                     yaml.replacingOccurrences(of: "  context_frames: 2\n", with: "  context_frames: 2\n  ema: [0.9]\n")] {
            #expect(AudioFixtures.errorCode { _ = try EnhancerConfig(yaml: text) } == "invalid_config")
        }
        let weights = try SafeTensors(contentsOf: directory.appendingPathComponent("model.safetensors"))
        let v1 = try EnhancerConfig(yaml: yaml
            .replacingOccurrences(of: "causal_gru_mask", with: "causal_conv_mask")
            .replacingOccurrences(of: "  recurrent: gru\n", with: "")
            .replacingOccurrences(of: "  context_frames: 2\n", with: "  context_frames: 2\n  ema: [0.9]\n"))
        #expect(AudioFixtures.errorCode { _ = try SpeechEnhancerModel(config: v1, weights: weights) } == "invalid_model")
    }

    @Test func loaderRefusesMalformedWeights() throws {
        let bytes = try Data(contentsOf: Self.directory.appendingPathComponent("model.safetensors"))
        #expect(AudioFixtures.errorCode { _ = try SafeTensors(data: bytes.dropLast(4)) } == "invalid_safetensors")
        #expect(AudioFixtures.errorCode { _ = try SafeTensors(data: bytes + Data([0, 0, 0, 0])) } == "invalid_safetensors")
        #expect(AudioFixtures.errorCode { _ = try SafeTensors(data: bytes.prefix(7)) } == "invalid_safetensors")
        var hugeHeader = bytes
        hugeHeader[5] = 0x7F
        #expect(AudioFixtures.errorCode { _ = try SafeTensors(data: hugeHeader) } == "invalid_safetensors")
        let weights = try SafeTensors(data: bytes)
        let yaml = try String(contentsOf: Self.directory.appendingPathComponent("config.yaml"), encoding: .utf8)
        let wider = try EnhancerConfig(yaml: yaml.replacingOccurrences(of: "hidden: ", with: "hidden: 1"))
        #expect(AudioFixtures.errorCode { _ = try SpeechEnhancerModel(config: wider, weights: weights) } == "invalid_model")
    }

    @Test func configReaderRefusesWhatItDoesNotUnderstand() throws {
        let yaml = try String(contentsOf: Self.v1Directory.appendingPathComponent("config.yaml"), encoding: .utf8)
        let config = try EnhancerConfig(yaml: yaml)
        #expect(config.sampleRate == 16000 && config.fftSize == 512 && config.hop == 128 && config.emaDecays == [0.9, 0.99])
        let broken = [
            yaml + "extra: 1\n",                                              // unknown key
            yaml.replacingOccurrences(of: "causal_conv_mask", with: "gru"),    // other architecture
            yaml.replacingOccurrences(of: "  hop: 128", with: "  hop: 100"),   // STFT it cannot run
            yaml.replacingOccurrences(of: "  hop: 128", with: "\thop: 128"),   // tab
            yaml.replacingOccurrences(of: "  hop: 128", with: "  - 128"),      // block sequence
            yaml.replacingOccurrences(of: "sample_rate: 16000", with: "sample_rate: &a 16000"),
            yaml + "sample_rate: 16000\n",                                     // duplicate key
        ]
        for text in broken {
            #expect(AudioFixtures.errorCode { _ = try EnhancerConfig(yaml: text) } == "invalid_config")
        }
    }

    @Test func yamlSubsetParsesNestingListsAndComments() throws {
        let v = try ConfigValue.parseYAML("a: 1 # one\nb:\n  c: 'x # y'\n  d: [1.5, true, z]\n")
        #expect(v == .map(["a": .int(1), "b": .map(["c": .string("x # y"), "d": .list([.double(1.5), .bool(true), .string("z")])])]))
    }

    /// OpenBLAS falls back to generic SSE3 kernels on CPU models newer than its table; MinerKit names the
    /// family for the vector units it finds, so a CPU with AVX2 never runs the generic ones.
    @Test func openBLASRunsKernelsForTheCPUsVectorUnits() throws {
        let backend = try CPUBackend()
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil else { return }   // the user's choice wins
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? []
        let avx512 = ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"].allSatisfy(flags.contains)
        if avx512 {
            #expect(backend.blasCore == "SkylakeX")
        } else if flags.contains("avx2") && flags.contains("fma") {
            #expect(backend.blasCore == "Haswell")
        }
    }
}
