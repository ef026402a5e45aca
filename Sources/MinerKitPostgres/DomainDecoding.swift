import Foundation
import MinerKit

/// Rebuilds core values that have no public memberwise initializer (``Receipt``, ``Block``) from
/// their columns, through their `Codable` form: the one public way to make them outside the core.
enum DomainDecoding {
    /// Decodes `T` from the JSON object `fields` (dates as Unix seconds).
    static func decode<T: Decodable>(_ type: T.Type, from fields: [String: JSONValue], row: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let value = try? decoder.decode(T.self, from: Data(try CanonicalJSON.encode(.object(fields)))) else {
            throw MinerKitError(.storage, code: "database_corrupt", "\(row) does not decode as \(T.self)")
        }
        return value
    }
}
