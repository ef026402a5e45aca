import AsyncHTTPClient
import Foundation
import MinerKit
import MinerKitHTTP
import NIOCore
import Testing

/// The inference routes over real loopback HTTP: every invalid request is a 400, raw audio comes back
/// raw, `text` is never null, and health names the build.
@Suite("Inference routes over HTTP")
struct InferenceRoutesTests {
    static func post(_ server: RunningAPIServer, _ body: String) async throws -> (Int, JSONValue) {
        var request = HTTPClientRequest(url: server.baseURL + "/api/v1/inference")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let reply = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), JSONValue(jsonString: String(buffer: reply)) ?? .null)
    }

    static func request(_ audio: Data, rate: String = "16000") -> String {
        #"{"audio_data": ""# + audio.base64EncodedString() + #"", "sample_rate": "# + rate + "}"
    }

    /// A 0.2 s tone at 16 kHz.
    static let tone: [Float] = (0..<3200).map { 0.3 * sin(Float($0) * 2 * .pi * 220 / 16000) }

    @Test(.timeLimit(.minutes(5)))
    func repliesInTheRequestsEncodingAndRefusesEveryBadRequestWith400() async throws {
        let service = InferenceService(configuration: .init(maxConcurrent: 1, queueCapacity: 4))
        try await service.load(modelDirectory: InferenceValidatorClientTests.root.appendingPathComponent("Models/speech-enhancer"))
        let router = APIRouter(maxBodyBytes: InferenceRoutes.maxBodyBytes(for: AudioLimits()), groups: [InferenceRoutes(service: service)])
        try await withLiveServer(router: router) { server in
            var health = HTTPClientRequest(url: server.baseURL + "/api/v1/health")
            health.method = .GET
            let healthReply = try await HTTPClient.shared.execute(health, timeout: .seconds(30))
            let healthBody = JSONValue(jsonString: String(buffer: try await healthReply.body.collect(upTo: 1 << 16)))
            #expect(healthBody?["version"] == .string(MinerKitVersion.current) && healthBody?["model_loaded"] == true)

            // Raw float32 in, raw float32 out: the same number of bytes, no .npy header.
            let raw = RawAudioCodec.encode(Self.tone)
            let (rawStatus, rawReply) = try await Self.post(server, Self.request(raw))
            #expect(rawStatus == 200 && rawReply["text"] == nil)
            let rawOut = try #require(rawReply["audio_data"]?.stringValue.flatMap { Data(base64Encoded: $0) })
            #expect(rawOut.count == raw.count && !NpyCodec.looksLikeNpy(rawOut))
            #expect(try AudioPayload.decode(bytes: rawOut).encoding == .rawFloat32)

            // .npy in, .npy out; WAV in, WAV out.
            let (npyStatus, npyReply) = try await Self.post(server, Self.request(NpyCodec.encode([Self.tone], layout: .vector)))
            let npyOut = try #require(npyReply["audio_data"]?.stringValue.flatMap { Data(base64Encoded: $0) })
            #expect(npyStatus == 200 && NpyCodec.looksLikeNpy(npyOut) && npyReply["text"] == nil)
            let wav = WavCodec.encode([Self.tone], sampleRate: 16000, format: .pcm16)
            let (wavStatus, wavReply) = try await Self.post(server, Self.request(wav))
            let wavOut = try #require(wavReply["audio_data"]?.stringValue.flatMap { Data(base64Encoded: $0) })
            #expect(wavStatus == 200 && wavOut.count == wav.count)
            #expect(try WavCodec.decode(wavOut).encoding == .wav(.pcm16))

            // Raw float64 is refused, not read as float32.
            var float64 = Data()
            for sample in Self.tone { withUnsafeBytes(of: Double(sample).bitPattern.littleEndian) { float64.append(contentsOf: $0) } }
            let (f64Status, f64Reply) = try await Self.post(server, Self.request(float64))
            #expect(f64Status == 400 && f64Reply["error_code"] == "raw_float64_audio")

            let bad: [(String, String)] = [
                (#"{"audio_data": "AAAA"}"#, "validation_error"),
                (#"{"sample_rate": 16000}"#, "validation_error"),
                (#"{"audio_data": 5, "sample_rate": 16000}"#, "validation_error"),
                (#"{"audio_data": "AAAA", "sample_rate": "16000"}"#, "validation_error"),
                (Self.request(raw, rate: "1e30"), "invalid_sample_rate"),
                (Self.request(raw, rate: "99999999999999999999"), "invalid_sample_rate"),
                (Self.request(raw, rate: "16000.5"), "invalid_sample_rate"),
                (Self.request(raw, rate: "-16000"), "invalid_sample_rate"),
                ("{", "invalid_json"),
            ]
            for (body, code) in bad {
                let (status, reply) = try await Self.post(server, body)
                #expect(status == 400 && reply["error_code"] == .string(code), "\(body.prefix(80)): \(status) \(reply)")
                if code == "invalid_sample_rate" {
                    #expect(reply["detail"]?.stringValue?.contains("sample_rate") == true)
                }
            }
        }
    }

    /// Finite input of any size gives a finite 200 reply within the input's range; NaN and infinity stay 400.
    @Test(.timeLimit(.minutes(5)))
    func hugeAndClippedInputsAreAnsweredFiniteAndNonFiniteInputIsRefused() async throws {
        let service = InferenceService(configuration: .init(maxConcurrent: 1, queueCapacity: 4))
        try await service.load(modelDirectory: InferenceValidatorClientTests.root.appendingPathComponent("Models/speech-enhancer"))
        let router = APIRouter(maxBodyBytes: InferenceRoutes.maxBodyBytes(for: AudioLimits()), groups: [InferenceRoutes(service: service)])
        try await withLiveServer(router: router) { server in
            // A chirp with a little noise, at 1e18, at the largest float32, and clipped at 4x full scale.
            let chirp: [Float] = (0..<8000).map { i in
                let t = Float(i) / 16000
                return 0.5 * sin(2 * .pi * (200 + 800 * t) * t) + 0.01 * sin(Float(i) * 1.7)
            }
            let cases: [(String, [Float])] = [
                ("1e18", chirp.map { $0 * 1e18 }),
                ("max", chirp.map { $0 / 0.52 * .greatestFiniteMagnitude }),
                ("clipped", chirp.map { min(max($0 * 4, -1), 1) }),
            ]
            for (name, samples) in cases {
                // The input's range convention: [-1, 1] for normalised audio, else its own peak.
                let limit = max(1, samples.map(\.magnitude).max() ?? 0)
                #expect(samples.allSatisfy { $0.isFinite })
                for rate in [16000, 48000] {
                    let (status, reply) = try await Self.post(server, Self.request(NpyCodec.encode([samples], layout: .vector), rate: "\(rate)"))
                    #expect(status == 200, "\(name) at \(rate): \(status) \(reply)")
                    let out = try #require(reply["audio_data"]?.stringValue.flatMap { Data(base64Encoded: $0) })
                    let y = try NpyCodec.decode(out).channels[0]
                    #expect(y.count == samples.count && y.allSatisfy { $0.isFinite }, "\(name) at \(rate)")
                    #expect(y.allSatisfy { $0.magnitude <= limit }, "\(name) at \(rate): peak \(y.map(\.magnitude).max() ?? 0)")
                    #expect(y.contains { $0 != 0 }, "\(name) at \(rate) is not silence")
                }
            }
            for bad: Float in [.nan, .infinity, -.infinity] {
                var samples = chirp
                samples[100] = bad
                let (status, reply) = try await Self.post(server, Self.request(NpyCodec.encode([samples], layout: .vector)))
                #expect(status == 400 && reply["error_code"] == "non_finite_audio", "\(bad): \(status) \(reply)")
            }
        }
    }
}
