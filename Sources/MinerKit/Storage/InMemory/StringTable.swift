/// Strings that many packed records share (clients, miners, models, the signing key), each kept once
/// and written into records as its number. Append-only: a number, once given, names its string for
/// the life of the table (a rolled-back transaction can leave an unused entry, which is harmless).
final class StringTable {
    private var numbers: [String: UInt64] = [:]
    private var strings: [String] = []

    /// The number of `string`, added if it is new.
    func number(of string: String) -> UInt64 {
        if let number = numbers[string] { return number }
        let number = UInt64(strings.count)
        strings.append(string)
        numbers[string] = number
        return number
    }

    /// The string numbered `number`, or the empty string for a number this table never gave.
    func string(_ number: UInt64) -> String {
        number < UInt64(strings.count) ? strings[Int(number)] : ""
    }
}
