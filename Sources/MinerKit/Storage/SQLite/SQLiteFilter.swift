/// The `WHERE` clause of a listing, built from the filters its query sets, with the values of its
/// placeholders in order: a filter that is not set adds neither a condition nor a value, so the two
/// never fall out of step.
struct SQLiteFilter {
    private var conditions: [String] = []
    /// The values of the conditions' placeholders, in order.
    private(set) var values: [any SQLiteValue] = []

    /// Adds `condition`, whose placeholders take `values`.
    mutating func require(_ condition: String, _ values: any SQLiteValue...) {
        conditions.append(condition)
        self.values += values
    }

    /// `WHERE` and the conditions joined by `AND`; empty when there are none.
    var clause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
}
