extension JSONValue {
    /// The members of an object keyed by `keys` (a wire type's `CodingKeys`): each case with the value
    /// `value` gives it, left out when that is `nil` (an absent optional). With an exhaustive `switch`
    /// in `value`, a coding key without a member does not compile, as in a ``WireSchema``:
    ///
    /// ```swift
    /// JSONValue.members(CodingKeys.self) { key in
    ///     switch key {
    ///     case .jobID: .string(jobID)
    ///     case .result: result.map(JSONValue.string)
    ///     }
    /// }
    /// ```
    public static func members<Key: CodingKey & CaseIterable>(_ keys: Key.Type,
                                                              _ value: (Key) -> JSONValue?) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for key in keys.allCases {
            if let member = value(key) { members[key.stringValue] = member }
        }
        return members
    }
}
