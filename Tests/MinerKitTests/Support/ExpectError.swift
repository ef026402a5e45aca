import Testing
import MinerKit

/// Expects `body` to throw a ``MinerKitError`` of `kind` with `code`.
func expectError(_ kind: MinerKitError.Kind, _ code: String, sourceLocation: SourceLocation = #_sourceLocation,
                 _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(code), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as MinerKitError {
        #expect(error.kind == kind && error.code == code, "got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

/// Async form of ``expectError(_:_:sourceLocation:_:)``.
func expectError(_ kind: MinerKitError.Kind, _ code: String, sourceLocation: SourceLocation = #_sourceLocation,
                 _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected \(code), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as MinerKitError {
        #expect(error.kind == kind && error.code == code, "got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
