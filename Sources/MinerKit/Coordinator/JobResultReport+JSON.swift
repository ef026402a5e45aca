extension JobResultReport {
    /// A report whose result was sent as any JSON value: a string is kept as is, any other value as its
    /// JSON text; `null` (or nothing) is no result.
    public init(resultValue: JSONValue?, resultHash: String? = nil, metrics: JSONValue? = nil, leaseToken: Int64? = nil) {
        let text: String? = switch resultValue {
        case .none, .some(.null): nil
        case .some(.string(let string)): string
        case .some(let other): other.jsonString()
        }
        self.init(result: text, resultHash: resultHash, metrics: metrics, leaseToken: leaseToken)
    }
}
