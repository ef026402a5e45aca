import Hummingbird
import MinerKit

/// An integer query parameter of the coordinator's lists: its name, bounds and default, read by the
/// route and documented from this one value.
struct CoordinatorQuery: Sendable {
    var name: String
    var range: ClosedRange<Int>
    /// What an absent parameter means; `nil` when absence means "no bound" (``before``).
    var fallback: Int?
    var description: String?

    /// Rows wanted, 20 unless said.
    static let limit = CoordinatorQuery(name: "limit", range: 1...100, fallback: 20)
    /// Blocks wanted, 10 unless said.
    static let blockLimit = CoordinatorQuery(name: "limit", range: 1...100, fallback: 10)
    /// Rows to skip.
    static let offset = CoordinatorQuery(name: "offset", range: 0...Int(Int32.max), fallback: 0)
    /// The explorer's cursor: a block height or transaction sequence to list below.
    static let before = CoordinatorQuery(name: "before", range: 1...Int(Int32.max), fallback: nil,
                                         description: "List entries below this height or sequence")

    /// The value in `request`, the fallback when absent; out of range or not an integer: 422 naming the
    /// parameter. (A parameter without a fallback is read with ``readIfPresent(_:)``.)
    func read(_ request: Request) throws -> Int {
        try request.queryInt(name, default: fallback ?? range.lowerBound, in: range)
    }

    /// The value in `request`, `nil` when absent.
    func readIfPresent(_ request: Request) throws -> Int? {
        request.uri.queryParameters[name[...]] == nil ? nil : try read(request)
    }

    /// The parameter as the document shows it.
    var parameter: APIOperation.Parameter {
        let schema = WireSchema.integer(minimum: range.lowerBound, maximum: range.upperBound)
        return .query(name, fallback.map { schema.defaultValue(.number(Double($0))) } ?? schema, description: description)
    }
}
