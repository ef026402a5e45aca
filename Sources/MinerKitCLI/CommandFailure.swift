import ArgumentParser
import Foundation
import MinerKit

/// An error as a person reads it at the end of a failed command: one sentence, not
/// `Error Domain=NSCocoaErrorDomain Code=260 …` or a type dump. Command-line errors of ArgumentParser
/// (usage, validation, help) are passed on as they are.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    /// `error` in words, or `error` itself when ArgumentParser already words it.
    static func readable(_ error: any Error) -> any Error {
        switch error {
        case let error as MinerKitError:
            return CommandFailure(description: sentence(error.detail) + " (\(error.code))")
        case let error as CocoaError:
            let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.userInfo[NSURLErrorKey].map { "\($0)" }
            let what: String = switch error.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: "no such file"
            case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
            case .fileWriteOutOfSpace: "no space left on the device"
            case .fileReadCorruptFile: "the file is not in the expected format"
            default: error.localizedDescription
            }
            return CommandFailure(description: path.map { "\($0): \(what)" } ?? sentence(what))
        case let error as DecodingError:
            return CommandFailure(description: "the input is not in the expected format: \(error.readableContext)")
        default:
            return error
        }
    }

    private static func sentence(_ text: String) -> String {
        text.first.map { $0.uppercased() + text.dropFirst() } ?? text
    }
}

extension DecodingError {
    /// The field path and what was wrong with it.
    fileprivate var readableContext: String {
        switch self {
        case .keyNotFound(let key, let context):
            "field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.isEmpty ? context.debugDescription
                : "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        @unknown default:
            "\(self)"
        }
    }
}
