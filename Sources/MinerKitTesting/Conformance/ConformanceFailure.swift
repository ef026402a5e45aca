import MinerKit

/// A conformance check that did not hold: what was expected, and where.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public let check: String
    public let message: String
    public let line: UInt

    public var description: String { "\(check) (line \(line)): \(message)" }
}

/// The expectations a conformance check makes. Each throws ``ConformanceFailure`` when it does not hold,
/// so a suite runs under any test framework (or none).
struct Expectations {
    let check: String

    func that(_ condition: Bool, _ message: @autoclosure () -> String, line: UInt = #line) throws {
        guard condition else { throw ConformanceFailure(check: check, message: message(), line: line) }
    }

    func equal<T: Equatable>(_ actual: T, _ expected: T, _ what: String, line: UInt = #line) throws {
        try that(actual == expected, "\(what): got \(actual), expected \(expected)", line: line)
    }

    /// `body` must throw a ``MinerKitError`` of `kind` with `code`.
    func error(_ kind: MinerKitError.Kind, _ code: String, line: UInt = #line,
               _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as MinerKitError {
            try that(error.kind == kind && error.code == code, "expected \(code), got \(error)", line: line)
            return
        }
        throw ConformanceFailure(check: check, message: "expected \(code), but nothing was thrown", line: line)
    }
}
