import Foundation
@testable import MinerKit

/// Locates test fixtures and the committed model, relative to this file.
enum AudioFixtures {
    static let testsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let packageRoot = testsRoot.deletingLastPathComponent().deletingLastPathComponent()
    static let modelDirectory = packageRoot.appendingPathComponent("Models/speech-enhancer")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: testsRoot.appendingPathComponent("Fixtures/audio/\(name)"))
    }

    /// The float32 reference values numpy wrote next to the fixtures.
    static func referenceVector() throws -> [Float] {
        try String(decoding: data("vector_f4.txt"), as: UTF8.self).split(separator: "\n").map { Float($0)! }
    }

    /// The code of the MinerKitError `body` throws (another error as text, nil when nothing is thrown).
    static func errorCode(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as MinerKitError { return e.code } catch { return "\(error)" }
    }
}
